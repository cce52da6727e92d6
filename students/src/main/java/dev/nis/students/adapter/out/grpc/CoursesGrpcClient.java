package dev.nis.students.adapter.out.grpc;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.NotFoundException;
import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.GrpcPeerChannel;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.CourseQueriesGrpc.CourseQueriesBlockingStub;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.students.application.port.CourseDirectory;
import dev.nis.students.domain.EnrolledCourse;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link CourseDirectory} over the courses service's {@code nis.v1.CourseQueries}.
 *
 * <p>Every call has a deadline, and the channel (see {@link #openChannel}) retries UNAVAILABLE
 * within it. Failures of the peer to answer become {@link DependencyUnavailableException} ("503,
 * retry later"). The peer's NOT_FOUND becomes {@link NotFoundException} (404). Any other status
 * means the two services disagree on the contract, a bug, and is thrown as {@link
 * IllegalStateException}.
 */
public final class CoursesGrpcClient implements CourseDirectory {
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);
  static final String DEPENDENCY = "courses";

  /** Statuses that mean the peer could not answer now, rather than answered wrongly. */
  private static final Set<Status.Code> UNAVAILABLE_CODES =
      EnumSet.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED,
          Status.Code.CANCELLED);

  private final CourseQueriesBlockingStub stub;
  private final Duration deadline;

  public CoursesGrpcClient(Channel channel) {
    this(channel, DEFAULT_DEADLINE);
  }

  public CoursesGrpcClient(Channel channel, Duration deadline) {
    this.stub = CourseQueriesGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  /**
   * A channel to the courses service at {@code target} ("host:port") with the retry policy,
   * keepalive and request-id propagation; the caller owns it and shuts it down.
   */
  public static ManagedChannel openChannel(String target) {
    return GrpcPeerChannel.open(target, CourseQueriesGrpc.SERVICE_NAME);
  }

  @Override
  public List<EnrolledCourse> coursesOfStudent(StudentId studentId) {
    ListCoursesByStudentRequest request =
        ListCoursesByStudentRequest.newBuilder().setStudentId(studentId.toString()).build();
    try {
      return stub
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .listCoursesByStudent(request)
          .getCoursesList()
          .stream()
          .map(CourseProtoMapper::toDomain)
          .toList();
    } catch (StatusRuntimeException e) {
      return whenFailed(e, studentId);
    }
  }

  private static List<EnrolledCourse> whenFailed(StatusRuntimeException e, StudentId studentId) {
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.NOT_FOUND) {
      throw new NotFoundException(
          "the %s service found nothing: %s".formatted(DEPENDENCY, e.getStatus().getDescription()));
    }
    if (UNAVAILABLE_CODES.contains(code)) {
      throw new DependencyUnavailableException(DEPENDENCY, e);
    }
    throw new IllegalStateException(
        "courses answered " + code + " for the courses of student " + studentId, e);
  }
}
