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
}
