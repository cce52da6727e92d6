package dev.nis.courses.adapter.in.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.HeldLease;
import dev.nis.common.testing.RecordingEnrollmentLog;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.courses.adapter.out.mongo.MongoConnector;
import dev.nis.courses.adapter.out.mongo.MongoCourseRepository;
import dev.nis.courses.application.RelationReconciler;
import dev.nis.courses.application.port.out.StoredStudents;
import dev.nis.courses.domain.EnrolledStudent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run's outcome as the metrics count it: completed, failed, or neither when the service's stop
 * interrupted it. Over the embedded MongoDB (in memory) and a students' half that answers or throws
 * as each test says.
 */
class ReconciliationJobTest {
  private final InProcessMongo mongo = InProcessMongo.start();
  private final MongoClient client = MongoConnector.connect(mongo.connectionString());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Supplier<Page<EnrolledStudent>> studentsPage = () -> Page.last(List.of());

  private final ReconciliationJob job =
      new ReconciliationJob(
          new RelationReconciler(
              new MongoCourseRepository(client.getDatabase("reconciliation-job")),
              new Students(),
              (course, student) -> OptionalLong.of(0),
              new RecordingEnrollmentLog(),
              () -> false),
          new HeldLease(),
          registry);

  @AfterEach
  void close() {
    Thread.interrupted();
    client.close();
    mongo.close();
  }

  @Test
  void aCleanRun_isCountedCompleted() {
    job.run();

    assertThat(runs("completed")).isEqualTo(1);
    assertThat(runs("failed")).isZero();
  }

  @Test
  void aRunWhoseDependencyFailed_isCountedFailed() {
    studentsPage =
        () -> {
          throw new DependencyUnavailableException("students", "deadline exceeded");
        };

    job.run();

    assertThat(runs("failed")).isEqualTo(1);
    assertThat(runs("completed")).isZero();
  }

  @Test
  void aRunEndedByTheStopsInterrupt_isNeitherCompletedNorFailed() {
    studentsPage =
        () -> {
          throw new DependencyUnavailableException("nats", new InterruptedException());
        };

    job.run();

    assertThat(runs("failed")).isZero();
    assertThat(runs("completed")).isZero();
  }

  @Test
  void aRunThatFailedOnAnInterruptedThread_isNotAFailure() {
    studentsPage =
        () -> {
          Thread.currentThread().interrupt();
          throw new DependencyUnavailableException("students", "cancelled");
        };

    job.run();

    assertThat(runs("failed")).isZero();
  }

  private double runs(String outcome) {
    return registry.get("nis.reconciliation.runs").tag("outcome", outcome).counter().count();
  }

  private final class Students implements StoredStudents {
    @Override
    public Page<EnrolledStudent> page(Optional<String> cursor) {
      return studentsPage.get();
    }

    @Override
    public List<EnrolledStudent> of(List<StudentId> ids) {
      return List.of();
    }
  }
}
