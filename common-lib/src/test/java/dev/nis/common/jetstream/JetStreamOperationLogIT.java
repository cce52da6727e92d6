package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.Action;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.testing.TestNats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JetStreamOperationLogIT {
  private TestNats nats;
  private JetStreamOperationLog log;

  @BeforeEach
  void setUp() throws Exception {
    nats = TestNats.provisioned();
    log = new JetStreamOperationLog(nats.connection(), nats.contract());
  }

  @AfterEach
  void tearDown() throws Exception {
    nats.close();
  }

  @Test
  void unknownOperation_isAbsent() {
    assertThat(log.find(OperationId.random())).isEmpty();
  }

  @Test
  void pendingThenApplied_readsApplied() {
    OperationId id = OperationId.random();
    log.markPending(Operation.pending(id, "c1", Action.CREATE));
    assertThat(log.find(id)).get().extracting(Operation::state).isEqualTo(Operation.State.PENDING);

    log.recordOutcome(Operation.applied(id, "c1", Action.CREATE));

    Operation read = log.find(id).orElseThrow();
    assertThat(read.state()).isEqualTo(Operation.State.APPLIED);
    assertThat(read.entityId()).isEqualTo("c1");
    assertThat(read.action()).isEqualTo(Action.CREATE);
  }

  @Test
  void pendingAfterAnOutcome_doesNotOverwriteIt() {
    OperationId id = OperationId.random();
    log.recordOutcome(Operation.applied(id, "c1", Action.UPDATE));

    log.markPending(Operation.pending(id, "c1", Action.UPDATE));

    assertThat(log.find(id).orElseThrow().state()).isEqualTo(Operation.State.APPLIED);
  }

  @Test
  void rejection_keepsItsKindAndDetail() {
    OperationId id = OperationId.random();
    log.recordOutcome(
        Operation.rejected(
            id, "c2", Action.DELETE, Rejection.notFound("course c2 does not exist")));

    Operation read = log.find(id).orElseThrow();
    assertThat(read.state()).isEqualTo(Operation.State.REJECTED);
    assertThat(read.rejection()).contains(Rejection.notFound("course c2 does not exist"));
  }

  private static List<EnrollmentChange> adds(OperationId id, int count) {
    List<EnrollmentChange> adds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      adds.add(EnrollmentChange.add("course-" + i, "s1", id.toString()));
    }
    return adds;
  }

  @Test
  void verdictsOfBothSidesOnManyReplicas_racingTheOutcome_areAllKept() throws Exception {
    OperationId id = OperationId.random();
    int pairs = 15;
    log.markPending(Operation.pending(id, "s1", Action.CREATE));
    Operation outcome =
        Operation.applied(id, "s1", Action.CREATE).withRequestedEnrollments(adds(id, pairs));
    List<Callable<Void>> writers = new ArrayList<>();
    writers.add(
        () -> {
          log.recordOutcome(outcome);
          return null;
        });
    for (int i = 0; i < pairs; i++) {
      String course = "course-" + i;
      // course-0 is compensated by the courses side; every other pair kept by both sides
      Optional<String> coursesVerdict =
          i == 0 ? Optional.of("course course-0 does not exist") : Optional.empty();
      writers.add(
          () -> {
            log.recordVerdict(id, course, "s1", EnrollmentOutcome.Side.COURSES, coursesVerdict);
            return null;
          });
      writers.add(
          () -> {
            log.recordVerdict(id, course, "s1", EnrollmentOutcome.Side.STUDENTS, Optional.empty());
            return null;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Future<Void> done : pool.invokeAll(writers)) {
        done.get();
      }
    } finally {
      pool.shutdownNow();
    }

    Operation read = log.find(id).orElseThrow();
    assertThat(read.state()).isEqualTo(Operation.State.APPLIED);
    assertThat(read.settled()).isTrue();
    assertThat(read.enrollments()).hasSize(pairs);
    assertThat(read.enrollments())
        .filteredOn(e -> e.status() == EnrollmentOutcome.Status.KEPT)
        .hasSize(pairs - 1);
    assertThat(read.enrollments())
        .filteredOn(e -> e.status() == EnrollmentOutcome.Status.COMPENSATED)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.courseId()).isEqualTo("course-0");
              assertThat(e.reason()).isEqualTo("course course-0 does not exist");
            });
  }

  @Test
  void aVerdictBeforeTheOutcome_survivesIt_andARepeatedVerdictChangesNothing() {
    OperationId id = OperationId.random();
    log.markPending(Operation.pending(id, "s1", Action.CREATE));
    log.recordVerdict(id, "course-0", "s1", EnrollmentOutcome.Side.STUDENTS, Optional.of("full"));

    log.recordOutcome(
        Operation.applied(id, "s1", Action.CREATE).withRequestedEnrollments(adds(id, 1)));
    log.recordVerdict(id, "course-0", "s1", EnrollmentOutcome.Side.COURSES, Optional.empty());

    Operation read = log.find(id).orElseThrow();
    assertThat(read.state()).isEqualTo(Operation.State.APPLIED);
    assertThat(read.enrollments())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(EnrollmentOutcome.Status.COMPENSATED);
              assertThat(e.reason()).isEqualTo("full");
            });
  }

  /**
   * An unenrollment's REMOVE: a verdict before the outcome and one after it make it removed, stored
   * as a removal; a PUT's REMOVE writes nothing to its operation.
   */
  @Test
  void anUnenrollmentsRemove_readsRemovedOnceBothSidesApplied_aPutsRemoveWritesNothing() {
    OperationId id = OperationId.random();
    log.markPending(Operation.pending(id, "c1", Action.UNENROLL));
    log.recordVerdict(
        id,
        EnrollmentChange.Kind.REMOVE,
        "c1",
        "s1",
        EnrollmentOutcome.Side.STUDENTS,
        Optional.empty());
    log.recordOutcome(
        Operation.applied(id, "c1", Action.UNENROLL)
            .withRequestedEnrollments(List.of(EnrollmentChange.remove("c1", "s1", id.toString()))));
    assertThat(log.find(id).orElseThrow().enrollments().getFirst().status())
        .isEqualTo(EnrollmentOutcome.Status.PENDING);
    log.recordVerdict(
        id,
        EnrollmentChange.Kind.REMOVE,
        "c1",
        "s1",
        EnrollmentOutcome.Side.COURSES,
        Optional.empty());

    EnrollmentOutcome removal = log.find(id).orElseThrow().enrollments().getFirst();
    assertThat(removal.kind()).isEqualTo(EnrollmentChange.Kind.REMOVE);
    assertThat(removal.status()).isEqualTo(EnrollmentOutcome.Status.REMOVED);

    OperationId put = OperationId.random();
    log.recordOutcome(Operation.applied(put, "c1", Action.UPDATE));
    Operation before = log.find(put).orElseThrow();
    log.recordVerdict(
        put,
        EnrollmentChange.Kind.REMOVE,
        "c1",
        "s2",
        EnrollmentOutcome.Side.COURSES,
        Optional.empty());
    assertThat(log.find(put)).contains(before);
  }

  @Test
  void aRedeliveredCommandsOutcome_keepsTheStoredOneAndItsVerdicts() {
    OperationId id = OperationId.random();
    log.markPending(Operation.pending(id, "s1", Action.UPDATE));
    log.recordOutcome(
        Operation.applied(id, "s1", Action.UPDATE).withRequestedEnrollments(adds(id, 2)));
    log.recordVerdict(id, "course-0", "s1", EnrollmentOutcome.Side.COURSES, Optional.of("full"));
    Operation before = log.find(id).orElseThrow();

    // superseded by a later update, the redelivery appends nothing: its outcome lists no pair
    Operation stored = log.recordOutcomeOnce(Operation.applied(id, "s1", Action.UPDATE));
    Operation rejectedNow =
        log.recordOutcomeOnce(
            Operation.rejected(
                id, "s1", Action.UPDATE, new Rejection(Rejection.Kind.NOT_FOUND, "gone")));

    assertThat(stored).isEqualTo(before);
    assertThat(rejectedNow).isEqualTo(before);
    assertThat(log.find(id)).contains(before);
    assertThat(before.enrollments()).hasSize(2);
    assertThat(before.enrollments().getFirst().status())
        .isEqualTo(EnrollmentOutcome.Status.COMPENSATED);
  }

  @Test
  void aRedeliveredCommandsOutcome_isRecordedWhileTheOperationIsPending() {
    OperationId id = OperationId.random();
    log.markPending(Operation.pending(id, "s1", Action.CREATE));
    log.recordVerdict(id, "course-0", "s1", EnrollmentOutcome.Side.STUDENTS, Optional.empty());

    Operation stored =
        log.recordOutcomeOnce(
            Operation.applied(id, "s1", Action.CREATE).withRequestedEnrollments(adds(id, 1)));

    assertThat(stored.state()).isEqualTo(Operation.State.APPLIED);
    Operation read = log.find(id).orElseThrow();
    assertThat(read.state()).isEqualTo(Operation.State.APPLIED);
    assertThat(read.enrollments()).isEqualTo(stored.enrollments());
    // the verdict recorded before it stays: one side kept the pair, the other has not decided
    assertThat(stored.enrollments().getFirst().students())
        .isEqualTo(EnrollmentOutcome.Verdict.KEPT);
    assertThat(stored.enrollments().getFirst().status())
        .isEqualTo(EnrollmentOutcome.Status.PENDING);
  }

  @Test
  void aVerdictOnAnUnknownOperation_writesNothing() {
    OperationId id = OperationId.random();
    log.recordVerdict(id, "course-0", "s1", EnrollmentOutcome.Side.COURSES, Optional.empty());
    assertThat(log.find(id)).isEmpty();
  }
}
