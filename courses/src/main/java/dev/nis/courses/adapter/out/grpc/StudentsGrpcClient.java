package dev.nis.courses.adapter.out.grpc;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.PeerCall;
import dev.nis.courses.application.port.out.StoredStudents;
import dev.nis.courses.application.port.out.StudentDirectory;
import dev.nis.courses.domain.EnrolledStudent;
import dev.nis.proto.v1.ListStoredStudentsRequest;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.ListStudentsResponse;
import dev.nis.proto.v1.StudentQueriesGrpc;
import dev.nis.proto.v1.StudentQueriesGrpc.StudentQueriesBlockingStub;
import io.grpc.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link StudentDirectory} over the students service's {@code nis.v1.StudentQueries}.
 *
 * <p>Every call has a deadline, and the channel retries UNAVAILABLE within it (the runtime opens it
 * with {@code GrpcPeerChannel}). {@link PeerCall} turns failures into what the core understands:
 * 503 when the peer cannot answer, 404 for its NOT_FOUND, a bug for any other status.
 */
public final class StudentsGrpcClient implements StudentDirectory, StoredStudents {
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);
  static final String DEPENDENCY = "students";

  private final StudentQueriesBlockingStub stub;
  private final Duration deadline;

  public StudentsGrpcClient(Channel channel) {
    this(channel, DEFAULT_DEADLINE);
  }

  public StudentsGrpcClient(Channel channel, Duration deadline) {
    this.stub = StudentQueriesGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  @Override
  public List<EnrolledStudent> studentsOfCourse(CourseId courseId) {
    ListStudentsByCourseRequest request =
        ListStudentsByCourseRequest.newBuilder().setCourseId(courseId.value()).build();
    return PeerCall.call(
        DEPENDENCY,
        "the students of course " + courseId,
        () ->
            stub
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .listStudentsByCourse(request)
                .getStudentsList()
                .stream()
                .map(StudentProtoMapper::toDomain)
                .toList());
  }

  @Override
  public Page<EnrolledStudent> page(Optional<String> cursor) {
    ListStoredStudentsRequest request =
        ListStoredStudentsRequest.newBuilder()
            .setLimit(PageRequest.MAX_LIMIT)
            .setCursor(cursor.orElse(""))
            .build();
    ListStudentsResponse response = stored("a page of stored students", request);
    return new Page<>(
        enrolled(response),
        response.getNextCursor().isEmpty()
            ? Optional.empty()
            : Optional.of(response.getNextCursor()));
  }

  @Override
  public List<EnrolledStudent> of(List<StudentId> ids) {
    ListStoredStudentsRequest request =
        ListStoredStudentsRequest.newBuilder()
            .addAllIds(ids.stream().map(StudentId::toString).toList())
            .build();
    return enrolled(stored("stored students " + ids, request));
  }

  private ListStudentsResponse stored(String what, ListStoredStudentsRequest request) {
    return PeerCall.call(
        DEPENDENCY,
        what,
        () ->
            stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .listStoredStudents(request));
  }

  private static List<EnrolledStudent> enrolled(ListStudentsResponse response) {
    return response.getStudentsList().stream().map(StudentProtoMapper::toDomain).toList();
  }
}
