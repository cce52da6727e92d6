package dev.nis.courses.adapter.out.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.NotFoundException;
import dev.nis.common.domain.CourseId;
import dev.nis.common.grpc.GrpcPeerChannel;
import dev.nis.common.grpc.GrpcServer;
import dev.nis.common.grpc.RequestIds;
import dev.nis.courses.domain.EnrolledStudent;
import dev.nis.proto.v1.Student;
import dev.nis.proto.v1.StudentQueriesGrpc;
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

class StudentsGrpcClientTest {
  private static final CourseId PHYSICS = CourseId.parse("0123456789abcdef01234567");
  private static final Student ADA =
      Student.newBuilder()
          .setId("6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f11")
          .setName("ada")
          .setFirstName("Ada")
          .setLastName("Lovelace")
          .addCourseIds(PHYSICS.value())
          .build();

  private final FakeStudentQueries students = new FakeStudentQueries();
  private GrpcServer server;
  private ManagedChannel channel;

  @BeforeEach
  void startFakeStudentsService() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = new GrpcServer(InProcessServerBuilder.forName(name), List.of(students)).start();
    channel =
        GrpcPeerChannel.configure(
                InProcessChannelBuilder.forName(name), StudentQueriesGrpc.SERVICE_NAME)
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    MDC.clear();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop(Duration.ZERO);
  }

  @Test
  void studentsOfCourse_areMappedToTheDomain() {
    students.students = List.of(ADA);

    List<EnrolledStudent> answer = new StudentsGrpcClient(channel).studentsOfCourse(PHYSICS);

    assertThat(answer)
        .containsExactly(
            new EnrolledStudent(
                ADA.getId(), "ada", "Ada", "Lovelace", List.of("0123456789abcdef01234567")));
    assertThat(students.seenCourseId).isEqualTo(PHYSICS.value());
  }

  @Test
  void peersNotFound_isNotFound_notRetried() {
    students.failuresBeforeAnswer = Integer.MAX_VALUE;
    students.failure = Status.NOT_FOUND;

    assertThatThrownBy(() -> new StudentsGrpcClient(channel).studentsOfCourse(PHYSICS))
        .isInstanceOf(NotFoundException.class);
    assertThat(students.attempts).hasValue(1);
  }

  @Test
  void silentPeer_isUnavailableWhenTheDeadlinePasses() {
    students.silent = true;
    StudentsGrpcClient client = new StudentsGrpcClient(channel, Duration.ofMillis(300));

    long started = System.nanoTime();
    assertThatThrownBy(() -> client.studentsOfCourse(PHYSICS))
        .isInstanceOfSatisfying(
            DependencyUnavailableException.class,
            e -> assertThat(e.dependency()).isEqualTo("students"));

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
    assertThat(students.attempts).hasValue(1);
  }

  @Test
  void unavailableTwice_isRetriedToSuccess() {
    students.students = List.of(ADA);
    students.failuresBeforeAnswer = 2;

    List<EnrolledStudent> answer = new StudentsGrpcClient(channel).studentsOfCourse(PHYSICS);

    assertThat(answer).extracting(EnrolledStudent::id).containsExactly(ADA.getId());
    assertThat(students.attempts).hasValue(3);
  }

  @Test
  void unavailableEveryTime_givesUpAfterThreeAttempts() {
    students.failuresBeforeAnswer = Integer.MAX_VALUE;

    assertThatThrownBy(() -> new StudentsGrpcClient(channel).studentsOfCourse(PHYSICS))
        .isInstanceOf(DependencyUnavailableException.class);
    assertThat(students.attempts).hasValue(3);
  }

  @Test
  void otherFailures_areNotRetried_andAreNotReportedAsUnavailable() {
    students.failuresBeforeAnswer = Integer.MAX_VALUE;
    students.failure = Status.INTERNAL;

    assertThatThrownBy(() -> new StudentsGrpcClient(channel).studentsOfCourse(PHYSICS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("INTERNAL");
    assertThat(students.attempts).hasValue(1);
  }

  @Test
  void nothingListening_isUnavailableWellWithinTheDefaultDeadline() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ManagedChannel nowhere = StudentsGrpcClient.openChannel("127.0.0.1:" + closedPort);
    try {
      StudentsGrpcClient client = new StudentsGrpcClient(nowhere);

      long started = System.nanoTime();
      assertThatThrownBy(() -> client.studentsOfCourse(PHYSICS))
          .isInstanceOf(DependencyUnavailableException.class);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
    } finally {
      nowhere.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void requestId_travelsFromTheCallersMdcToThePeersMdc() {
    MDC.put(RequestIds.MDC_KEY, "req-from-courses");

    new StudentsGrpcClient(channel).studentsOfCourse(PHYSICS);

    assertThat(students.seenRequestId).isEqualTo("req-from-courses");
  }

  @Test
  void withoutRequestId_thePeerMakesOne() {
    new StudentsGrpcClient(channel).studentsOfCourse(PHYSICS);

    assertThat(students.seenRequestId).isNotBlank();
  }
}
