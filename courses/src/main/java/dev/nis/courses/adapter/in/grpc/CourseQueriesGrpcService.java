package dev.nis.courses.adapter.in.grpc;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.UnaryAnswer;
import dev.nis.courses.adapter.proto.CourseProtoMapper;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.proto.v1.Course;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.GetCourseRequest;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.proto.v1.ListCoursesRequest;
import dev.nis.proto.v1.ListCoursesResponse;
import io.grpc.stub.StreamObserver;

/**
 * The {@code nis.v1.CourseQueries} reads over the {@link CourseQueries} port. Requests become
 * domain values here (so malformed ids fail as INVALID_ARGUMENT naming the field), and every
 * failure becomes a status here and nowhere else.
 */
public final class CourseQueriesGrpcService extends CourseQueriesGrpc.CourseQueriesImplBase {
  private final CourseQueries courses;

  public CourseQueriesGrpcService(CourseQueries courses) {
    this.courses = courses;
  }

  @Override
  public void getCourse(GetCourseRequest request, StreamObserver<Course> responses) {
    UnaryAnswer.answer(
        responses,
        () -> {
          CourseId id = CourseId.parse(request.getId());
          return CourseProtoMapper.toProto(
              UnaryAnswer.found(courses.getCourse(id), "course " + id));
        });
  }

  @Override
  public void listCourses(
      ListCoursesRequest request, StreamObserver<ListCoursesResponse> responses) {
    UnaryAnswer.answer(
        responses,
        () -> {
          PageRequest page = PageRequest.of(request.getLimit(), request.getCursor());
          return CourseProtoMapper.toResponse(courses.listCourses(page));
        });
  }

  @Override
  public void listCoursesByStudent(
      ListCoursesByStudentRequest request, StreamObserver<ListCoursesResponse> responses) {
    UnaryAnswer.answer(
        responses,
        () ->
            CourseProtoMapper.toResponse(
                courses.listCoursesByStudent(
                    StudentId.parse("student_id", request.getStudentId()))));
  }
}
