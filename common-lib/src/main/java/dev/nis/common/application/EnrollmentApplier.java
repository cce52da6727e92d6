package dev.nis.common.application;

import dev.nis.common.application.port.in.CommandApplication;
import dev.nis.common.application.port.out.EnrollmentInbox;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.OperationId;
import java.util.Optional;

/**
 * Applies the enrollment log to one side, entry by entry, in the order of each pair's partition:
 * skip an entry the inbox already holds, apply it to the store (which appends a compensation when
 * this side cannot honour an ADD), invalidate the cache, record this side's verdict in the
 * operation that asked for the entry (an ADD kept or compensated, a REMOVE applied: README.md,
 * "What became of an operation's enrollments"), record the entry in the inbox, ack. A process
 * killed before the ack applies the entry again, which records the same verdict again (a no-op).
 *
 * <p>Why both guards (I4): a redelivery comes before any later entry of its pair (the partition
 * hands out one entry at a time), where applying the entry again changes nothing; an entry appended
 * again later (a command redelivered after JetStream's duplicate window derives its entries again)
 * comes after later entries of its pair, where applying it could undo them, and the inbox knows its
 * id.
 *
 * @param <I> this side's entity id type
 * @param <O> the other side's id type
 */
public final class EnrollmentApplier<I, O> {
  private final CommandApplication<?, I, O> store;
  private final ReadCache<?, I, O> cache;
  private final EnrollmentInbox inbox;
  private final OperationLog operations;
  private final EnrollmentOutcome.Side side;

  /**
   * @param operations where the operation that asked for an ADD learns this side's verdict
   * @param side the side this applier applies
   */
  public EnrollmentApplier(
      CommandApplication<?, I, O> store,
      ReadCache<?, I, O> cache,
      EnrollmentInbox inbox,
      OperationLog operations,
      EnrollmentOutcome.Side side) {
    this.store = store;
    this.cache = cache;
    this.inbox = inbox;
    this.operations = operations;
    this.side = side;
  }

  public void apply(Delivery<EnrollmentChange> delivery) {
    String entryId = delivery.messageId();
    if (inbox.contains(entryId)) {
      delivery.ack();
      return;
    }
    EnrollmentChange change = delivery.payload();
    ApplyResult<I, O> result = store.applyEnrollment(change, delivery.sequence());
    if (result instanceof ApplyResult.Applied<I, O> applied) {
      cache.invalidate(applied.entityId(), applied.touched());
      if (!change.operationId().isEmpty()) {
        operations.recordVerdict(
            OperationId.parse(change.operationId()),
            change.kind(),
            change.courseId(),
            change.studentId(),
            side,
            change.kind() == EnrollmentChange.Kind.REMOVE
                ? Optional.empty() // a REMOVE is never refused
                : applied.appended().stream()
                    .map(EnrollmentChange::reason)
                    .filter(reason -> !reason.isEmpty())
                    .findFirst());
      }
    }
    inbox.add(entryId);
    delivery.ack();
  }
}
