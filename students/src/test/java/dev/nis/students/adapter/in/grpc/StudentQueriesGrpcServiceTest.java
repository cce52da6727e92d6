package dev.nis.students.adapter.in.grpc;

import static dev.nis.students.testing.StudentFixtures.STUDENTS;
import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.student;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.contract.QueriesGrpcServiceContract;
import dev.nis.common.contract.QueriesGrpcSpec;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.proto.v1.ListStoredStudentsRequest;
import dev.nis.proto.v1.StudentQueriesGrpc;
import dev.nis.students.adapter.proto.StudentProtoMapper;
import dev.nis.students.domain.Student;
import dev.nis.students.testing.FakeStudentService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shared gRPC queries scenarios over {@link StudentQueriesGrpcService}, and the upper-case
 * course id only students take.
 */
class StudentQueriesGrpcServiceTest
    extends QueriesGrpcServiceContract<Student, StudentId, CourseId, FakeStudentService> {
  StudentQueriesGrpcServiceTest() {
    super(
        QueriesGrpcSpec.<Student, StudentId, CourseId, FakeStudentService>serving(
                FakeStudentService::new, StudentQueriesGrpcService::new)
            .methods(StudentQueriesGrpc.getServiceDescriptor(), "course_id")
            .entities(STUDENTS, StudentProtoMapper::toProto)
            .describing(
                "student",
                "id: must be a student id (UUID)",
                "algebra",
                "course_id: must be a course id (24 hex digits)")
            .storedIn("postgresql"));
  }

  @Test
  void listStudentsByCourse_upperCaseId_isTheSameCourse() {
    CourseId algebra = aCourse();
    fake().entities().with(student("adal", algebra));

    assertThat(listHolding(algebra.value().toUpperCase()).items()).hasSize(1);
  }

  @Test
  void listStoredStudents_answersAPage_andTheLiveOnesAmongIds() {
    Student ada = student("adal", aCourse());
    fake().entities().with(ada);
    var stub = StudentQueriesGrpc.newBlockingStub(channel());

    var page = stub.listStoredStudents(ListStoredStudentsRequest.getDefaultInstance());
    var some =
        stub.listStoredStudents(
            ListStoredStudentsRequest.newBuilder()
                .addIds(UUID.randomUUID().toString())
                .addIds(ada.id().toString())
                .build());

    assertThat(page.getStudentsList())
        .extracting(s -> s.getId())
        .containsExactly(ada.id().toString());
    assertThat(some.getStudentsList())
        .extracting(s -> s.getId())
        .containsExactly(ada.id().toString());
    assertThat(some.getStudentsList().getFirst().getCourseIdsList()).hasSize(1);
  }

  @Test
  void listStoredStudents_aMalformedId_isInvalidArgumentNamingTheField() {
    var stub = StudentQueriesGrpc.newBlockingStub(channel());

    assertThatThrownBy(
            () ->
                stub.listStoredStudents(
                    ListStoredStudentsRequest.newBuilder().addIds("not-a-uuid").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith("ids: ");
            });
  }
}
