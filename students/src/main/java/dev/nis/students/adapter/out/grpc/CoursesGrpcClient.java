package dev.nis.students.adapter.out.grpc;

import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.PeerCall;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.CourseQueriesGrpc.CourseQueriesBlockingStub;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.students.application.port.out.CourseDirectory;
import dev.nis.students.domain.EnrolledCourse;
import io.grpc.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link CourseDirectory} over the courses service's {@code nis.v1.CourseQueries}.
 *
 * <p>Every call has a deadline, and the channel retries UNAVAILABLE within it (the runtime opens it
 * with {@code GrpcPeerChannel}). {@link PeerCall} turns failures into what the core understands:
 * 503 when the peer cannot answer, 404 for its NOT_FOUND, a bug for any other status.
 */
public final class CoursesGrpcClient implements CourseDirectory {
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);
  static final String DEPENDENCY = "courses";

  private final CourseQueriesBlockingStub stub;
  private final Duration deadline;

  public CoursesGrpcClient(Channel channel) {
    this(channel, DEFAULT_DEADLINE);
  }

  public CoursesGrpcClient(Channel channel, Duration deadline) {
    this.stub = CourseQueriesGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  @Override
  public List<EnrolledCourse> coursesOfStudent(StudentId studentId) {
    ListCoursesByStudentRequest request =
        ListCoursesByStudentRequest.newBuilder().setStudentId(studentId.toString()).build();
    return PeerCall.call(
        DEPENDENCY,
        "the courses of student " + studentId,
        () ->
            stub
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .listCoursesByStudent(request)
                .getCoursesList()
                .stream()
                .map(CourseProtoMapper::toDomain)
                .toList());
  }
}
