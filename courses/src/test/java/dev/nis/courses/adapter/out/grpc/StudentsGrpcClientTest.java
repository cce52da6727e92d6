package dev.nis.courses.adapter.out.grpc;

import dev.nis.common.contract.PeerClientContract;
import dev.nis.common.domain.CourseId;
import dev.nis.common.grpc.GrpcPeerChannel;
import dev.nis.courses.domain.EnrolledStudent;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.ListStudentsResponse;
import dev.nis.proto.v1.Student;
import dev.nis.proto.v1.StudentQueriesGrpc;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;

/** The shared peer-client scenarios over {@link StudentsGrpcClient}: the students of a course. */
class StudentsGrpcClientTest
    extends PeerClientContract<ListStudentsByCourseRequest, ListStudentsResponse, EnrolledStudent> {
  private static final CourseId PHYSICS = CourseId.parse("0123456789abcdef01234567");
  private static final Student ADA =
      Student.newBuilder()
          .setId("6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f11")
          .setName("ada")
          .setFirstName("Ada")
          .setLastName("Lovelace")
          .addCourseIds(PHYSICS.value())
          .build();

  StudentsGrpcClientTest() {
    super(StudentQueriesGrpc.getListStudentsByCourseMethod(), "students");
  }

  @Override
  protected List<EnrolledStudent> read(ManagedChannel channel, Duration deadline) {
    StudentsGrpcClient client =
        deadline == null
            ? new StudentsGrpcClient(channel)
            : new StudentsGrpcClient(channel, deadline);
    return client.studentsOfCourse(PHYSICS);
  }

  @Override
  protected ManagedChannel openChannel(String target) {
    return GrpcPeerChannel.open(target, StudentQueriesGrpc.SERVICE_NAME);
  }

  @Override
  protected Exchange<ListStudentsByCourseRequest, ListStudentsResponse, EnrolledStudent>
      exchange() {
    return new Exchange<>(
        ListStudentsByCourseRequest.newBuilder().setCourseId(PHYSICS.value()).build(),
        ListStudentsResponse.newBuilder().addStudents(ADA).build(),
        new EnrolledStudent(
            ADA.getId(), "ada", "Ada", "Lovelace", List.of("0123456789abcdef01234567")),
        EnrolledStudent::id);
  }
}
