package dev.nis.students.adapter.out.grpc;

import dev.nis.common.contract.PeerClientContract;
import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.GrpcPeerChannel;
import dev.nis.proto.v1.Course;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.proto.v1.ListCoursesResponse;
import dev.nis.students.domain.EnrolledCourse;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;

/** The shared peer-client scenarios over {@link CoursesGrpcClient}: the courses of a student. */
class CoursesGrpcClientTest
    extends PeerClientContract<ListCoursesByStudentRequest, ListCoursesResponse, EnrolledCourse> {
  private static final StudentId ADA = StudentId.parse("6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f11");
  private static final Course PHYSICS =
      Course.newBuilder()
          .setId("0123456789abcdef01234567")
          .setName("Physics")
          .setDescription("Forces and fields")
          .setDiscipline("Science")
          .setTeacher("Noether")
          .addStudentIds(ADA.toString())
          .build();

  CoursesGrpcClientTest() {
    super(CourseQueriesGrpc.getListCoursesByStudentMethod(), "courses");
  }

  @Override
  protected List<EnrolledCourse> read(ManagedChannel channel, Duration deadline) {
    CoursesGrpcClient client =
        deadline == null
            ? new CoursesGrpcClient(channel)
            : new CoursesGrpcClient(channel, deadline);
    return client.coursesOfStudent(ADA);
  }

  @Override
  protected ManagedChannel openChannel(String target) {
    return GrpcPeerChannel.open(target, CourseQueriesGrpc.SERVICE_NAME);
  }

  @Override
  protected Exchange<ListCoursesByStudentRequest, ListCoursesResponse, EnrolledCourse> exchange() {
    return new Exchange<>(
        ListCoursesByStudentRequest.newBuilder().setStudentId(ADA.toString()).build(),
        ListCoursesResponse.newBuilder().addCourses(PHYSICS).build(),
        new EnrolledCourse(
            "0123456789abcdef01234567",
            "Physics",
            "Forces and fields",
            "Science",
            "Noether",
            List.of(ADA.toString())),
        EnrolledCourse::id);
  }
}
