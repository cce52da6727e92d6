package dev.nis.students.e2e;

import dev.nis.common.grpc.GrpcServer;
import dev.nis.proto.v1.Course;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.ListCoursesByStudentRequest;
import dev.nis.proto.v1.ListCoursesResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A courses service on a real port that answers ListCoursesByStudent from a map, or, when told,
 * answers UNAVAILABLE or nothing at all, so that the students service can be tested against it.
 */
final class FakeCoursesService extends CourseQueriesGrpc.CourseQueriesImplBase
    implements AutoCloseable {
  enum Mode {
    ANSWER,
    UNAVAILABLE,
    SILENT
  }

  final Map<String, List<Course>> coursesByStudent = new ConcurrentHashMap<>();
  volatile Mode mode = Mode.ANSWER;
  private final GrpcServer server;

  private FakeCoursesService() throws IOException {
    this.server = GrpcServer.onPort(0, List.of(this)).start();
  }

  static FakeCoursesService start() throws IOException {
    return new FakeCoursesService();
  }

  String target() {
    return "127.0.0.1:" + server.port();
  }

  @Override
  public void listCoursesByStudent(
      ListCoursesByStudentRequest request, StreamObserver<ListCoursesResponse> responses) {
    switch (mode) {
      case SILENT -> {}
      case UNAVAILABLE ->
          responses.onError(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
      case ANSWER -> {
        responses.onNext(
            ListCoursesResponse.newBuilder()
                .addAllCourses(coursesByStudent.getOrDefault(request.getStudentId(), List.of()))
                .build());
        responses.onCompleted();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.stop(Duration.ZERO);
  }
}
