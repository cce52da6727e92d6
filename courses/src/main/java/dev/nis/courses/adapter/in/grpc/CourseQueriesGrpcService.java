package dev.nis.courses.adapter.in.grpc;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.ErrorStatus;
import dev.nis.courses.application.CourseService;
import dev.nis.proto.v1.Course;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.GetCourseRequest;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.proto.v1.ListCoursesRequest;
import dev.nis.proto.v1.ListCoursesResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * The {@code nis.v1.CourseQueries} reads over the {@link CourseService} port. Requests become
 * domain values here (so malformed ids fail as INVALID_ARGUMENT naming the field), and every
 * failure becomes a status here and nowhere else.
 */
public final class CourseQueriesGrpcService extends CourseQueriesGrpc.CourseQueriesImplBase {
  private final CourseService courses;

  public CourseQueriesGrpcService(CourseService courses) {
    this.courses = courses;
  }

  @Override
  public void getCourse(GetCourseRequest request, StreamObserver<Course> responses) {
    answer(
        responses,
        () -> {
          CourseId id = CourseId.parse(request.getId());
          return courses
              .getCourse(id)
              .map(CourseProtoMapper::toProto)
              .orElseThrow(
                  () ->
                      Status.NOT_FOUND
                          .withDescription("course " + id + " not found")
                          .asRuntimeException());
        });
  }

  @Override
  public void listCourses(
      ListCoursesRequest request, StreamObserver<ListCoursesResponse> responses) {
    answer(
        responses,
        () -> {
          PageRequest page = PageRequest.of(request.getLimit(), request.getCursor());
          return CourseProtoMapper.toResponse(courses.listCourses(page));
        });
  }

  @Override
  public void listCoursesByStudent(
      ListCoursesByStudentRequest request, StreamObserver<ListCoursesResponse> responses) {
    answer(
        responses,
        () -> {
          StudentId studentId = StudentId.parse("student_id", request.getStudentId());
          return CourseProtoMapper.toResponse(courses.listCoursesByStudent(studentId));
        });
  }

  private static <T> void answer(StreamObserver<T> responses, Supplier<T> read) {
    T response;
    try {
      response = read.get();
    } catch (RuntimeException e) {
      responses.onError(ErrorStatus.of(e));
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }
}
