package dev.nis.common.application;

import dev.nis.common.application.port.out.CommandQueue;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A command queue that admits a command only while the service's commands not yet applied number
 * fewer than {@link CommandQueueLimit#maxUnapplied}: backpressure on accepting, as a bounded
 * producer-consumer queue has it. Over the limit, {@link #awaitRoom} parks the request (a virtual
 * thread) until the count falls, for up to {@link CommandQueueLimit#admissionWait}, then throws
 * {@link CommandQueueFullException} (503 with {@code Retry-After}).
 *
 * <p>Why: without it, an overload of creates (64 connections posting as fast as they can) was
 * accepted three times as fast as it was applied (4,357 against 1,541 course creates a second,
 * BENCHMARKS.md), the backlog grew by 2,800 a second, and accepting took the cores that applying
 * needed. Clients that wait instead leave the cores to applying, so that the accepted and the
 * applied rates meet, and the time from accepted to applied stays bounded.
 *
 * <p>The count is JetStream's own ({@code unapplied}: stored and not yet acked over every
 * partition, read every 250 ms), so every replica of the service gates on the same figure; between
 * two readings a replica may admit up to a reading's worth more, which the limit's margin absorbs.
 *
 * @param <C> the service's command type
 */
public final class BoundedCommandQueue<C> implements CommandQueue<C> {
  /** How often a waiting request looks at the count again: a fraction of how often it is read. */
  private static final Duration RECHECK = Duration.ofMillis(20);

  private final CommandQueue<C> queue;
  private final CommandQueueLimit limit;
  private final LongSupplier unapplied;
  private final LongAdder waited = new LongAdder();
  private final LongAdder refused = new LongAdder();

  /**
   * @param unapplied the service's commands that JetStream holds not yet applied, as last read
   */
  public BoundedCommandQueue(
      CommandQueue<C> queue, CommandQueueLimit limit, LongSupplier unapplied) {
    this.queue = queue;
    this.limit = limit;
    this.unapplied = unapplied;
  }

  /**
   * Returns at once while the queue is under its limit, else once it falls under it.
   *
   * @throws CommandQueueFullException when it stays at or over its limit for the admission wait
   */
  @Override
  public void awaitRoom() {
    long count = unapplied.getAsLong();
    if (count < limit.maxUnapplied()) {
      return;
    }
    waited.increment();
    long deadline = System.nanoTime() + limit.admissionWait().toNanos();
    while (System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(RECHECK.toNanos());
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        break;
      }
      count = unapplied.getAsLong();
      if (count < limit.maxUnapplied()) {
        return;
      }
    }
    refused.increment();
    throw new CommandQueueFullException(count, limit.maxUnapplied());
  }

  @Override
  public void enqueue(C command) {
    queue.enqueue(command);
  }

  /** Mutations that found the queue full and waited (admitted in the end or not). */
  public long waited() {
    return waited.sum();
  }

  /** Mutations refused because the queue stayed full for the whole admission wait. */
  public long refused() {
    return refused.sum();
  }
}
