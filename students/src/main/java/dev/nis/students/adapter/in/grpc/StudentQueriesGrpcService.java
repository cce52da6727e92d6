package dev.nis.students.adapter.in.grpc;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.ErrorStatus;
import dev.nis.proto.v1.GetStudentRequest;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.ListStudentsRequest;
import dev.nis.proto.v1.ListStudentsResponse;
import dev.nis.proto.v1.Student;
import dev.nis.proto.v1.StudentQueriesGrpc;
import dev.nis.students.application.StudentService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * The {@code nis.v1.StudentQueries} reads over the {@link StudentService} port. Requests become
 * domain values here (so malformed ids fail as INVALID_ARGUMENT naming the field), and every
 * failure becomes a status here and nowhere else.
 */
public final class StudentQueriesGrpcService extends StudentQueriesGrpc.StudentQueriesImplBase {
  private final StudentService students;

  public StudentQueriesGrpcService(StudentService students) {
    this.students = students;
  }

  @Override
  public void getStudent(GetStudentRequest request, StreamObserver<Student> responses) {
    answer(
        responses,
        () -> {
          StudentId id = StudentId.parse(request.getId());
          return students
              .getStudent(id)
              .map(StudentProtoMapper::toProto)
              .orElseThrow(
                  () ->
                      Status.NOT_FOUND
                          .withDescription("student " + id + " not found")
                          .asRuntimeException());
        });
  }

  @Override
  public void listStudents(
      ListStudentsRequest request, StreamObserver<ListStudentsResponse> responses) {
    answer(
        responses,
        () -> {
          PageRequest page = PageRequest.of(request.getLimit(), request.getCursor());
          return StudentProtoMapper.toResponse(students.listStudents(page));
        });
  }

  @Override
  public void listStudentsByCourse(
      ListStudentsByCourseRequest request, StreamObserver<ListStudentsResponse> responses) {
    answer(
        responses,
        () -> {
          CourseId courseId = CourseId.parse("course_id", request.getCourseId());
          return StudentProtoMapper.toResponse(students.listStudentsByCourse(courseId));
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
