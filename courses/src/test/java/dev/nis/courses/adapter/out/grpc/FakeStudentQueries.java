package dev.nis.courses.adapter.out.grpc;

import dev.nis.common.grpc.RequestIds;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.ListStudentsResponse;
import dev.nis.proto.v1.Student;
import dev.nis.proto.v1.StudentQueriesGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * A students service that answers ListStudentsByCourse from a fixed list, after failing a chosen
 * number of attempts with a chosen status, or never answers at all; it records what it saw.
 */
final class FakeStudentQueries extends StudentQueriesGrpc.StudentQueriesImplBase {
  final AtomicInteger attempts = new AtomicInteger();
  volatile List<Student> students = List.of();
  volatile int failuresBeforeAnswer;
  volatile Status failure = Status.UNAVAILABLE;
  volatile boolean silent;
  volatile String seenCourseId;
  volatile String seenRequestId;

  @Override
  public void listStudentsByCourse(
      ListStudentsByCourseRequest request, StreamObserver<ListStudentsResponse> responses) {
    int attempt = attempts.incrementAndGet();
    seenCourseId = request.getCourseId();
    seenRequestId = MDC.get(RequestIds.MDC_KEY);
    if (silent) {
      return;
    }
    if (attempt <= failuresBeforeAnswer) {
      responses.onError(failure.asRuntimeException());
      return;
    }
    responses.onNext(ListStudentsResponse.newBuilder().addAllStudents(students).build());
    responses.onCompleted();
  }
}
