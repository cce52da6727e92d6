package dev.nis.common.application;

import dev.nis.common.application.port.out.CommandQueue;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 * bench/analysis.md), the backlog grew by 2,800 a second, and accepting took the cores that
 * applying needed. Clients that wait instead leave the cores to applying, so that the accepted and
 * the applied rates meet, and the time from accepted to applied stays bounded.
 *
 * <p>The count is JetStream's own ({@code unapplied}: stored and not yet acked over every
 * partition, read every 250 ms), so every replica of the service gates on the same figure; between
 * two readings a replica may admit up to a reading's worth more, which the limit's margin absorbs.
 * The waiting requests look at the count again when a new reading is in ({@link #countRead}), not
 * on a timer of their own: the count changes only then, and waiters that woke every 20 ms to read
 * the same figure again (64 of them under the benchmark's overload: more wake-ups a second than
 * creates applied) took 2 % of each service's CPU in a profile of that load. No change in the
 * applied rate was measurable (bench/analysis.md, "Waiting for room without polling"); a request is
 * admitted at the reading that makes room.
 *
 * @param <C> the service's command type
 */
public final class BoundedCommandQueue<C> implements CommandQueue<C> {
  /**
   * How long a waiting request waits for {@link #countRead} before it looks at the count anyway:
   * the count's read period, so that a count that is never announced (before the consumers start,
   * or while reading it fails) still admits within one period of falling.
   */
  private static final Duration RECHECK = Duration.ofMillis(250);

  private final CommandQueue<C> queue;
  private final CommandQueueLimit limit;
  private final LongSupplier unapplied;
  private final Duration recheck;
  private final LongAdder waited = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition counted = lock.newCondition();

  /**
   * @param unapplied the service's commands that JetStream holds not yet applied, as last read
   */
  public BoundedCommandQueue(
      CommandQueue<C> queue, CommandQueueLimit limit, LongSupplier unapplied) {
    this(queue, limit, unapplied, RECHECK);
  }

  /** As above, a waiting request looking at the count unannounced every {@code recheck}. */
  BoundedCommandQueue(
      CommandQueue<C> queue, CommandQueueLimit limit, LongSupplier unapplied, Duration recheck) {
    this.queue = queue;
    this.limit = limit;
    this.unapplied = unapplied;
    this.recheck = recheck;
  }

  /**
   * A new reading of the count is in: when it is under the limit, the waiting requests look at it
   * now. Called by whatever reads the count, after each reading.
   */
  public void countRead() {
    if (unapplied.getAsLong() >= limit.maxUnapplied()) {
      return;
    }
    lock.lock();
    try {
      counted.signalAll();
    } finally {
      lock.unlock();
    }
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
    lock.lock();
    try {
      for (long left = deadline - System.nanoTime();
          left > 0;
          left = deadline - System.nanoTime()) {
        counted.awaitNanos(Math.min(left, recheck.toNanos()));
        count = unapplied.getAsLong();
        if (count < limit.maxUnapplied()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
    refused.increment();
    throw new CommandQueueFullException(count, limit.maxUnapplied());
  }

  @Override
  public void reissue(C command) {
    queue.reissue(command);
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
