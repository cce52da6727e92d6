package dev.nis.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.tracing.Tracing;
import dev.nis.proto.v1.Course;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.proto.v1.GetCourseRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One connection has at most the server's bound of calls open at once: the client's further calls
 * wait for a stream and run once earlier ones end, none of them failed.
 */
class GrpcServerCallsBoundTest {
  /** Holds every call open until told to answer them. */
  private static final class HeldCalls extends CourseQueriesGrpc.CourseQueriesImplBase {
    final List<StreamObserver<Course>> open = new CopyOnWriteArrayList<>();

    @Override
    public void getCourse(GetCourseRequest request, StreamObserver<Course> answer) {
      open.add(answer);
    }

    void answerAll() {
      List<StreamObserver<Course>> held = new ArrayList<>(open);
      open.clear();
      held.forEach(
          answer -> {
            answer.onNext(Course.getDefaultInstance());
            answer.onCompleted();
          });
    }
  }

  @Test
  void callsBeyondTheBound_waitOnTheClient_andRunWhenEarlierOnesEnd() throws Exception {
    HeldCalls service = new HeldCalls();
    GrpcServer server = GrpcServer.onPort(0, List.of(service), Tracing.off(), 2).start();
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
    try {
      CourseQueriesGrpc.CourseQueriesFutureStub client = CourseQueriesGrpc.newFutureStub(channel);
      List<com.google.common.util.concurrent.ListenableFuture<Course>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(client.getCourse(GetCourseRequest.newBuilder().setId("c" + i).build()));
      }
      awaitOpen(service, 2);
      Thread.sleep(300);
      assertThat(service.open).as("open at once on one connection").hasSize(2);

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (calls.stream().anyMatch(call -> !call.isDone()) && System.nanoTime() < deadline) {
        service.answerAll();
        Thread.sleep(50);
      }
      for (var call : calls) {
        assertThat(call.get(1, TimeUnit.SECONDS)).isEqualTo(Course.getDefaultInstance());
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.stop(Duration.ofSeconds(1));
    }
  }

  private static void awaitOpen(HeldCalls service, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (service.open.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
