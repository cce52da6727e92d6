package dev.nis.common.application;

import dev.nis.common.application.port.in.CommandApplication;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import java.util.Optional;

/**
 * The applying end of the command pipeline: the one place where the sequence that makes I1 and I3
 * hold is written, top to bottom. A process killed anywhere in it redelivers the command, which
 * ends the same way (the store's sequence guard makes the second apply a no-op: I4).
 *
 * @param <C> the service's command type
 * @param <I> its entity's id type
 * @param <O> the id type of the other side of the relation
 */
public final class CommandApplier<C extends Command<I>, I, O> {
  /**
   * The rejection of an operation whose command was dead-lettered (README.md, "Invariants", I1).
   */
  public static final Rejection DEAD_LETTERED =
      new Rejection(Rejection.Kind.UNPROCESSABLE, "the command could not be applied");

  private final CommandApplication<C, I, O> store;
  private final ReadCache<?, I, O> cache;
  private final OperationLog operations;
  private final OperationOutcomes outcomes;

  /**
   * @param outcomes where this process's waiting requests learn an outcome as soon as it is stored
   */
  public CommandApplier(
      CommandApplication<C, I, O> store,
      ReadCache<?, I, O> cache,
      OperationLog operations,
      OperationOutcomes outcomes) {
    this.store = store;
    this.cache = cache;
    this.operations = operations;
    this.outcomes = outcomes;
  }

  /**
   * Apply to the store, invalidate the cache, record the outcome, ack. Each step throws (and so
   * leaves the command to be redelivered) when its dependency is down: "applied" is never recorded
   * while a stale cache entry might still be served, nor acked before it is recorded.
   */
  public void apply(Delivery<C> delivery) {
    C command = delivery.payload();
    if (delivery.reissue() && decidedAlready(delivery)) {
      return;
    }
    ApplyResult<I, O> result = store.apply(command, delivery.sequence());
    if (result instanceof ApplyResult.Applied<I, O> applied) {
      cache.invalidate(applied.entityId(), applied.touched());
    }
    Operation outcome = outcome(command, result);
    outcomes.recording(outcome.id());
    try {
      if (delivery.redelivered()) {
        // what a redelivery computes may differ from its first delivery's outcome (a later change
        // superseded the update, so it appends nothing now): the first one recorded stands
        outcome = operations.recordOutcomeOnce(outcome);
      } else {
        operations.recordOutcome(outcome);
      }
      delivery.ack();
    } catch (RuntimeException | Error e) {
      outcomes.notRecorded(outcome.id());
      throw e;
    }
    outcomes.recorded(outcome);
  }

  /**
   * A reissued command ({@link Delivery#reissue}) whose operation is decided changes nothing: its
   * first copy, earlier in the same partition and so applied (or dead-lettered) before it, decided
   * it. Past the queue's duplicate window the copy has a sequence of its own, newer than the
   * changes applied since, which the store's sequence guard would let through (I4). The decided
   * outcome is handed to this process's waiting requests, and the copy acked.
   *
   * @return whether the delivery is done with
   */
  private boolean decidedAlready(Delivery<C> delivery) {
    Optional<Operation> decided =
        operations.find(delivery.payload().operationId()).filter(o -> o.state().isFinal());
    if (decided.isEmpty()) {
      return false;
    }
    delivery.ack();
    outcomes.recorded(decided.get());
    return true;
  }

  private Operation outcome(C command, ApplyResult<I, O> result) {
    String entity = command.entityId().toString();
    return switch (result) {
      case ApplyResult.Applied<I, O> applied ->
          Operation.applied(command.operationId(), entity, command.action())
              .withRequestedEnrollments(applied.appended());
      case ApplyResult.Rejected<I, O> rejected ->
          Operation.rejected(command.operationId(), entity, command.action(), rejected.rejection());
    };
  }

  /**
   * The dead-letter path: the command will never apply, so its pending operation becomes {@link
   * #DEAD_LETTERED}, and it ends (I1). Empty when there is no record to end.
   */
  public Optional<Operation> deadLettered(OperationId operationId) {
    Optional<Operation> pending = operations.find(operationId);
    pending.ifPresent(
        p ->
            operations.recordOutcome(
                Operation.rejected(operationId, p.entityId(), p.action(), DEAD_LETTERED)));
    return pending;
  }
}
