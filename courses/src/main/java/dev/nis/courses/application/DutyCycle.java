package dev.nis.courses.application;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Paces a background scan to a share of the wall-clock time, a duty cycle: after each step that
 * took {@code t}, it rests {@code t × (1 − share) / share}, at most {@link #MAX_REST}. The rule of
 * PostgreSQL's cost-based vacuum delay, measured in time rather than in page costs: a scan that
 * reads every stored entity must not take the cores from the work users wait for. Measured on
 * 2026-12-06: an unpaced reconciliation of 233,174 courses and 109,496 students ran for 6.9 s
 * during the benchmark's half-rate creates, and accept → applied went from p50 3 ms to p50 1.4 s
 * and p99 2.2 s until it ended (bench/analysis.md). No library paces by time share (a rate limiter
 * such as Guava's counts permits, not the time a step took), and it is one subtraction and a sleep.
 *
 * <p>Before each step it also yields while the service's appliers are behind ({@code behind}):
 * looking again every {@link #BEHIND_RECHECK}, for at most {@link #MAX_YIELD} before one step. A
 * tenth of the time can still be too much when the cores are already short: the embedded MongoDB
 * answers a page query under its collection's lock, so inserts wait behind the page; in two
 * benchmark runs of 2026-12-06 with a paced run going on through the large-store case (243,000 and
 * 323,000 courses stored), the creates there ran at 60 and 62 % of the rate with 1,000 stored
 * (bench/analysis.md). The cap keeps a run going, one step per {@code MAX_YIELD}, under a backlog
 * that never drains.
 */
final class DutyCycle {
  /** The longest rest after one step: a step slowed by a pause elsewhere does not idle the scan. */
  static final Duration MAX_REST = Duration.ofSeconds(1);

  /**
   * How often a step that yields looks again whether the appliers are behind: their count's period.
   */
  static final Duration BEHIND_RECHECK = Duration.ofMillis(250);

  /** The longest a step waits for the appliers to catch up before it runs anyway. */
  static final Duration MAX_YIELD = Duration.ofSeconds(10);

  /** How a rest is taken: {@link Thread#sleep}, or a test's record of it. */
  interface Rest {
    void rest(long nanos) throws InterruptedException;
  }

  private final double share;
  private final LongSupplier nanoTime;
  private final Rest rest;
  private final BooleanSupplier behind;
  private long yielded;

  /**
   * @param share the share of the time the steps may take, in (0, 1]; 1 rests never
   * @param behind whether the work the steps must not slow has a backlog (asked before each step)
   * @throws IllegalArgumentException for a share outside (0, 1]
   */
  DutyCycle(double share, LongSupplier nanoTime, Rest rest, BooleanSupplier behind) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("a duty cycle's share is in (0, 1], not " + share);
    }
    this.share = share;
    this.nanoTime = nanoTime;
    this.rest = rest;
    this.behind = behind;
  }

  /** A duty cycle on the JVM's clock that rests by sleeping and yields while {@code behind}. */
  static DutyCycle of(double share, BooleanSupplier behind) {
    return new DutyCycle(
        share, System::nanoTime, nanos -> Thread.sleep(Duration.ofNanos(nanos)), behind);
  }

  /**
   * Yields while the appliers are behind (at most {@link #MAX_YIELD}), runs {@code step}, then
   * rests for its share. An interrupt (the service stopping) ends a wait or the rest early and is
   * kept on the thread; a step is not begun on an interrupted thread, so that the scan ends there
   * rather than reading on, unpaced (the rest returns at once), until some client notices the
   * interrupt: a blocking socket read on a platform thread does not.
   *
   * @throws CancellationException when the thread is interrupted before the step; the interrupt
   *     stays set
   */
  <T> T step(Supplier<T> step) {
    yieldWhileBehind();
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("interrupted: the service is stopping");
    }
    long began = nanoTime.getAsLong();
    T result = step.get();
    long took = nanoTime.getAsLong() - began;
    long due = Math.min(MAX_REST.toNanos(), (long) (took * (1 - share) / share));
    if (due > 0) {
      try {
        rest.rest(due);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return result;
  }

  /** How long the steps have waited for the appliers so far, in nanoseconds (rests not counted). */
  long yieldedNanos() {
    return yielded;
  }

  private void yieldWhileBehind() {
    long waited = 0;
    while (waited < MAX_YIELD.toNanos() && behind.getAsBoolean()) {
      try {
        rest.rest(BEHIND_RECHECK.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      waited += BEHIND_RECHECK.toNanos();
    }
    yielded += waited;
  }
}
