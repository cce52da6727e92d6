package dev.nis.students.adapter.out.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.NotFoundException;
import dev.nis.common.domain.StudentId;
import dev.nis.common.grpc.GrpcPeerChannel;
import dev.nis.common.grpc.GrpcServer;
import dev.nis.common.grpc.RequestIds;
import dev.nis.proto.v1.Course;
import dev.nis.proto.v1.CourseQueriesGrpc;
import dev.nis.students.domain.EnrolledCourse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CoursesGrpcClientTest {
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

  private final FakeCourseQueries courses = new FakeCourseQueries();
  private GrpcServer server;
  private ManagedChannel channel;

  @BeforeEach
  void startFakeCoursesService() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = new GrpcServer(InProcessServerBuilder.forName(name), List.of(courses)).start();
    channel =
        GrpcPeerChannel.configure(
                InProcessChannelBuilder.forName(name), CourseQueriesGrpc.SERVICE_NAME)
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    MDC.clear();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop(Duration.ZERO);
  }

  @Test
  void coursesOfStudent_areMappedToTheDomain() {
    courses.courses = List.of(PHYSICS);

    List<EnrolledCourse> answer = new CoursesGrpcClient(channel).coursesOfStudent(ADA);

    assertThat(answer)
        .containsExactly(
            new EnrolledCourse(
                "0123456789abcdef01234567",
                "Physics",
                "Forces and fields",
                "Science",
                "Noether",
                List.of(ADA.toString())));
    assertThat(courses.seenStudentId).isEqualTo(ADA.toString());
  }

  @Test
  void peersNotFound_isNotFound_notRetried() {
    courses.failuresBeforeAnswer = Integer.MAX_VALUE;
    courses.failure = Status.NOT_FOUND;

    assertThatThrownBy(() -> new CoursesGrpcClient(channel).coursesOfStudent(ADA))
        .isInstanceOf(NotFoundException.class);
    assertThat(courses.attempts).hasValue(1);
  }

  @Test
  void silentPeer_isUnavailableWhenTheDeadlinePasses() {
    courses.silent = true;
    CoursesGrpcClient client = new CoursesGrpcClient(channel, Duration.ofMillis(300));

    long started = System.nanoTime();
    assertThatThrownBy(() -> client.coursesOfStudent(ADA))
        .isInstanceOfSatisfying(
            DependencyUnavailableException.class,
            e -> assertThat(e.dependency()).isEqualTo("courses"));

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
    assertThat(courses.attempts).hasValue(1);
  }

  @Test
  void unavailableTwice_isRetriedToSuccess() {
    courses.courses = List.of(PHYSICS);
    courses.failuresBeforeAnswer = 2;

    List<EnrolledCourse> answer = new CoursesGrpcClient(channel).coursesOfStudent(ADA);

    assertThat(answer).extracting(EnrolledCourse::id).containsExactly(PHYSICS.getId());
    assertThat(courses.attempts).hasValue(3);
  }

  @Test
  void unavailableEveryTime_givesUpAfterThreeAttempts() {
    courses.failuresBeforeAnswer = Integer.MAX_VALUE;

    assertThatThrownBy(() -> new CoursesGrpcClient(channel).coursesOfStudent(ADA))
        .isInstanceOf(DependencyUnavailableException.class);
    assertThat(courses.attempts).hasValue(3);
  }

  @Test
  void otherFailures_areNotRetried_andAreNotReportedAsUnavailable() {
    courses.failuresBeforeAnswer = Integer.MAX_VALUE;
    courses.failure = Status.INTERNAL;

    assertThatThrownBy(() -> new CoursesGrpcClient(channel).coursesOfStudent(ADA))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("INTERNAL");
    assertThat(courses.attempts).hasValue(1);
  }

  @Test
  void nothingListening_isUnavailableWellWithinTheDefaultDeadline() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ManagedChannel nowhere = CoursesGrpcClient.openChannel("127.0.0.1:" + closedPort);
    try {
      CoursesGrpcClient client = new CoursesGrpcClient(nowhere);

      long started = System.nanoTime();
      assertThatThrownBy(() -> client.coursesOfStudent(ADA))
          .isInstanceOf(DependencyUnavailableException.class);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
    } finally {
      nowhere.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void requestId_travelsFromTheCallersMdcToThePeersMdc() {
    MDC.put(RequestIds.MDC_KEY, "req-from-students");

    new CoursesGrpcClient(channel).coursesOfStudent(ADA);

    assertThat(courses.seenRequestId).isEqualTo("req-from-students");
  }

  @Test
  void withoutRequestId_thePeerMakesOne() {
    new CoursesGrpcClient(channel).coursesOfStudent(ADA);

    assertThat(courses.seenRequestId).isNotBlank();
  }
}
