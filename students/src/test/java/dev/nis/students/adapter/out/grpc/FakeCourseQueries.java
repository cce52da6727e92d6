package dev.nis.students.adapter.out.grpc;

import dev.nis.common.grpc.RequestIds;
import dev.nis.proto.v1.Course;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.proto.v1.ListCoursesResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * A courses service that answers ListCoursesByStudent from a fixed list, after failing a chosen
 * number of attempts with a chosen status, or never answers at all; it records what it saw.
 */
final class FakeCourseQueries extends CourseQueriesGrpc.CourseQueriesImplBase {
  final AtomicInteger attempts = new AtomicInteger();
  volatile List<Course> courses = List.of();
  volatile int failuresBeforeAnswer;
  volatile Status failure = Status.UNAVAILABLE;
  volatile boolean silent;
  volatile String seenStudentId;
  volatile String seenRequestId;

  @Override
  public void listCoursesByStudent(
      ListCoursesByStudentRequest request, StreamObserver<ListCoursesResponse> responses) {
    int attempt = attempts.incrementAndGet();
    seenStudentId = request.getStudentId();
    seenRequestId = MDC.get(RequestIds.MDC_KEY);
    if (silent) {
      return;
    }
    if (attempt <= failuresBeforeAnswer) {
      responses.onError(failure.asRuntimeException());
      return;
    }
    responses.onNext(ListCoursesResponse.newBuilder().addAllCourses(courses).build());
    responses.onCompleted();
  }
}
