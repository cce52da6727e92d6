package dev.nis.common.application;

import dev.nis.common.application.port.in.CommandApplication;
import dev.nis.common.application.port.out.EnrollmentInbox;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.EnrollmentChange;

/**
 * Applies the enrollment log to one side, entry by entry, in the order of each pair's partition:
 * skip an entry the inbox already holds, apply it to the store (which appends a compensation when
 * this side cannot honour an ADD), invalidate the cache, record it in the inbox, ack. There is no
 * operation to record: the operation that caused the entry was recorded when its command was.
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

  public EnrollmentApplier(
      CommandApplication<?, I, O> store, ReadCache<?, I, O> cache, EnrollmentInbox inbox) {
    this.store = store;
    this.cache = cache;
    this.inbox = inbox;
  }

  public void apply(Delivery<EnrollmentChange> delivery) {
    String entryId = delivery.messageId();
    if (inbox.contains(entryId)) {
      delivery.ack();
      return;
    }
    ApplyResult<I, O> result = store.applyEnrollment(delivery.payload(), delivery.sequence());
    if (result instanceof ApplyResult.Applied<I, O> applied) {
      cache.invalidate(applied.entityId(), applied.touched());
    }
    inbox.add(entryId);
    delivery.ack();
  }
}
