package dev.nis.students.adapter.in.grpc;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.UnaryAnswer;
import dev.nis.proto.v1.GetStudentRequest;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.ListStudentsRequest;
import dev.nis.proto.v1.ListStudentsResponse;
import dev.nis.proto.v1.Student;
import dev.nis.proto.v1.StudentQueriesGrpc;
import dev.nis.students.adapter.proto.StudentProtoMapper;
import dev.nis.students.application.port.in.StudentQueries;
import io.grpc.stub.StreamObserver;

/**
 * The {@code nis.v1.StudentQueries} reads over the {@link StudentQueries} port. Requests become
 * domain values here (so malformed ids fail as INVALID_ARGUMENT naming the field), and every
 * failure becomes a status here and nowhere else.
 */
public final class StudentQueriesGrpcService extends StudentQueriesGrpc.StudentQueriesImplBase {
  private final StudentQueries students;

  public StudentQueriesGrpcService(StudentQueries students) {
    this.students = students;
  }

  @Override
  public void getStudent(GetStudentRequest request, StreamObserver<Student> responses) {
    UnaryAnswer.answer(
        responses,
        () -> {
          StudentId id = StudentId.parse(request.getId());
          return StudentProtoMapper.toProto(
              UnaryAnswer.found(students.getStudent(id), "student " + id));
        });
  }

  @Override
  public void listStudents(
      ListStudentsRequest request, StreamObserver<ListStudentsResponse> responses) {
    UnaryAnswer.answer(
        responses,
        () -> {
          PageRequest page = PageRequest.of(request.getLimit(), request.getCursor());
          return StudentProtoMapper.toResponse(students.listStudents(page));
        });
  }

  @Override
  public void listStudentsByCourse(
      ListStudentsByCourseRequest request, StreamObserver<ListStudentsResponse> responses) {
    UnaryAnswer.answer(
        responses,
        () ->
            StudentProtoMapper.toResponse(
                students.listStudentsByCourse(CourseId.parse("course_id", request.getCourseId()))));
  }
}
