package dev.nis.common.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.Action;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The in-process notice of recorded outcomes: to the watcher of that operation, and only once. */
class OperationOutcomesTest {
  private final OperationOutcomes outcomes = new OperationOutcomes();

  @Test
  void aRecordedOutcome_completesItsWatcher_andNoOther() {
    OperationId mine = OperationId.random();
    OperationId other = OperationId.random();
    CompletableFuture<Operation> watched = outcomes.watch(mine);
    CompletableFuture<Operation> unrelated = outcomes.watch(other);

    Operation applied = Operation.applied(mine, "c1", Action.CREATE);
    outcomes.recorded(applied);

    assertThat(watched).isCompletedWithValue(applied);
    assertThat(unrelated).isNotDone();
  }

  @Test
  void anOutcomeNobodyWatches_isDropped_andAForgottenWatchIsNotCompleted() {
    OperationId id = OperationId.random();
    outcomes.recorded(Operation.applied(id, "c1", Action.CREATE));
    CompletableFuture<Operation> late = outcomes.watch(id);
    assertThat(late).isNotDone();

    outcomes.forget(id);
    outcomes.recorded(Operation.applied(id, "c1", Action.CREATE));

    assertThat(late).isNotDone();
  }

  @Test
  void theWatchListener_runsAtEachWatch_withTheWatchInPlace() {
    OperationId id = OperationId.random();
    java.util.List<Boolean> sawItWatched = new java.util.ArrayList<>();
    outcomes.onEachWatch(() -> sawItWatched.add(outcomes.awaits(id)));

    outcomes.watch(id);
    outcomes.watch(id);

    assertThat(sawItWatched).containsExactly(true, true);
  }

  @Test
  void aWriteSeenGoingByWhileThisProcessRecordsIt_wakesNoOne_andTheRecordedOutcomeIsHandedOver() {
    OperationId id = OperationId.random();
    CompletableFuture<Operation> watched = outcomes.watch(id);

    outcomes.recording(id);
    outcomes.writtenToTheBucket(id); // the applier's own write, seen by the bucket's watch
    assertThat(watched).as("not woken to read the bucket").isNotDone();

    Operation applied = Operation.applied(id, "c1", Action.CREATE);
    outcomes.recorded(applied);
    assertThat(watched).isCompletedWithValue(applied);
  }

  @Test
  void whenRecordingFails_aWriteSeenGoingByWakesTheRequestAgain() {
    OperationId id = OperationId.random();
    CompletableFuture<Operation> watched = outcomes.watch(id);
    outcomes.recording(id);
    outcomes.notRecorded(id);

    outcomes.writtenToTheBucket(id); // another replica's write, after a redelivery

    assertThat(watched).as("woken to read the bucket").isCompletedWithValue(null);
  }

  @Test
  void recordingAnOperationNobodyWaitsFor_leavesNoMark_soALaterWatchIsWokenByAWrite() {
    OperationId id = OperationId.random();
    outcomes.recording(id);

    CompletableFuture<Operation> watched = outcomes.watch(id);
    outcomes.writtenToTheBucket(id);

    assertThat(watched).isCompletedWithValue(null);
  }

  @Test
  void aWake_endsTheWatchForABucketRead_andTheNextWatchWaitsAfresh() {
    OperationId id = OperationId.random();
    CompletableFuture<Operation> watched = outcomes.watch(id);

    outcomes.wake(id, watched);

    assertThat(watched).as("woken to read the bucket").isCompletedWithValue(null);
    CompletableFuture<Operation> next = outcomes.watch(id);
    assertThat(next).isNotSameAs(watched).isNotDone();
    Operation applied = Operation.applied(id, "c1", Action.CREATE);
    outcomes.recorded(applied);
    assertThat(next).isCompletedWithValue(applied);
  }

  @Test
  void aLateWake_leavesAnOutcomeHandedOver_andALaterWatchAlone() {
    OperationId id = OperationId.random();
    CompletableFuture<Operation> first = outcomes.watch(id);
    Operation applied = Operation.applied(id, "c1", Action.CREATE);
    outcomes.recorded(applied);
    CompletableFuture<Operation> second = outcomes.watch(id);

    outcomes.wake(id, first); // the first pause's timer, firing after the outcome came

    assertThat(first).isCompletedWithValue(applied);
    assertThat(second).as("another wait's watch").isNotDone();
    assertThat(outcomes.awaits(id)).isTrue();
  }
}
