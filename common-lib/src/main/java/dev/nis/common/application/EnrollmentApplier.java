package dev.nis.common.application;

import dev.nis.common.application.port.in.CommandApplication;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.ApplyResult;
import dev.nis.common.domain.EnrollmentChange;

/**
 * Applies the enrollment log to one side, entry by entry, in log order: apply to the store (which
 * appends a compensation when this side cannot honour an ADD), invalidate the cache, ack. There is
 * no operation to record: the operation that caused the entry was recorded when its command was.
 *
 * @param <I> this side's entity id type
 * @param <O> the other side's id type
 */
public final class EnrollmentApplier<I, O> {
  private final CommandApplication<?, I, O> store;
  private final ReadCache<?, I, O> cache;

  public EnrollmentApplier(CommandApplication<?, I, O> store, ReadCache<?, I, O> cache) {
    this.store = store;
    this.cache = cache;
  }

  public void apply(Delivery<EnrollmentChange> delivery) {
    ApplyResult<I, O> result = store.applyEnrollment(delivery.payload(), delivery.sequence());
    if (result instanceof ApplyResult.Applied<I, O> applied) {
      cache.invalidate(applied.entityId(), applied.touched());
    }
    delivery.ack();
  }
}
