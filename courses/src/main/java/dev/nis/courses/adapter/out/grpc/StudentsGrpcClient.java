package dev.nis.courses.adapter.out.grpc;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.NotFoundException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.grpc.GrpcPeerChannel;
import dev.nis.courses.application.port.StudentDirectory;
import dev.nis.courses.domain.EnrolledStudent;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.StudentQueriesGrpc;
import dev.nis.proto.v1.StudentQueriesGrpc.StudentQueriesBlockingStub;
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
 * {@link StudentDirectory} over the students service's {@code nis.v1.StudentQueries}.
 *
 * <p>Every call has a deadline, and the channel (see {@link #openChannel}) retries UNAVAILABLE
 * within it. Failures of the peer to answer become {@link DependencyUnavailableException} ("503,
 * retry later"). The peer's NOT_FOUND becomes {@link NotFoundException} (404). Any other status
 * means the two services disagree on the contract, a bug, and is thrown as {@link
 * IllegalStateException}.
 */
public final class StudentsGrpcClient implements StudentDirectory {
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);
  static final String DEPENDENCY = "students";

  /** Statuses that mean the peer could not answer now, rather than answered wrongly. */
  private static final Set<Status.Code> UNAVAILABLE_CODES =
      EnumSet.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED,
          Status.Code.CANCELLED);

  private final StudentQueriesBlockingStub stub;
  private final Duration deadline;

  public StudentsGrpcClient(Channel channel) {
    this(channel, DEFAULT_DEADLINE);
  }

  public StudentsGrpcClient(Channel channel, Duration deadline) {
    this.stub = StudentQueriesGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  /**
   * A channel to the students service at {@code target} ("host:port") with the retry policy,
   * keepalive and request-id propagation; the caller owns it and shuts it down.
   */
  public static ManagedChannel openChannel(String target) {
    return GrpcPeerChannel.open(target, StudentQueriesGrpc.SERVICE_NAME);
  }

  @Override
  public List<EnrolledStudent> studentsOfCourse(CourseId courseId) {
    ListStudentsByCourseRequest request =
        ListStudentsByCourseRequest.newBuilder().setCourseId(courseId.value()).build();
    try {
      return stub
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .listStudentsByCourse(request)
          .getStudentsList()
          .stream()
          .map(StudentProtoMapper::toDomain)
          .toList();
    } catch (StatusRuntimeException e) {
      return whenFailed(e, courseId);
    }
  }

  private static List<EnrolledStudent> whenFailed(StatusRuntimeException e, CourseId courseId) {
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.NOT_FOUND) {
      throw new NotFoundException(
          "the %s service found nothing: %s".formatted(DEPENDENCY, e.getStatus().getDescription()));
    }
    if (UNAVAILABLE_CODES.contains(code)) {
      throw new DependencyUnavailableException(DEPENDENCY, e);
    }
    throw new IllegalStateException(
        "students answered " + code + " for the students of course " + courseId, e);
  }
}
