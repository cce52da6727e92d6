package dev.nis.common.runtime;

import dev.nis.common.application.port.out.Lease;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task every {@code interval} on the one replica that holds a {@link Lease}, whichever
 * service and replica that is: every replica tries to take or renew the lease every third of its
 * time to live, and at each interval runs the task only while {@link Lease#held()}. The task itself
 * checks {@code held()} again before each effect (it is handed the lease), so a holder that lost
 * the lease in the middle of a run (cut off from NATS, paused) stops acting before another starts.
 */
public final class LeasedSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeasedSchedule.class);

  /**
   * How long a stop waits for an interrupted run to return: a read in progress ends at its own
   * deadline (the peer's 2 s by default).
   */
  static final Duration GRACE = Duration.ofSeconds(5);

  private final Lease lease;
  private final ScheduledExecutorService renewing;
  private final ScheduledExecutorService running;

  /**
   * @param name the task's name, for the threads and the logs
   * @param renewEvery how often to take or renew the lease: a third of its time to live
   * @param interval the pause between the end of one run and the start of the next
   */
  public LeasedSchedule(
      String name, Lease lease, Duration renewEvery, Duration interval, Runnable task) {
    this.lease = lease;
    this.renewing =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name(name + "-lease").factory());
    this.running =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name(name).factory());
    renewing.scheduleWithFixedDelay(
        lease::acquireOrRenew, 0, renewEvery.toMillis(), TimeUnit.MILLISECONDS);
    running.scheduleWithFixedDelay(
        () -> runIfHeld(name, task),
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void runIfHeld(String name, Runnable task) {
    if (!lease.held()) {
      return;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      // the next interval tries again; a scheduled task that throws would never run again
      log.warn("{} failed: {}", name, e.toString());
    }
  }

  /**
   * Stops renewing, interrupts a run in progress at once, waits up to {@code grace} for it to
   * return, and gives the lease up. A task must therefore bear an interrupt at any point: each of
   * its effects is one step that either happened or did not (the reconciliation's repairs are
   * single appends). At once rather than after the grace: a paced reconciliation rests nine tenths
   * of its time and takes ~100 s over ~300,000 courses, so a stop nearly always found a run going
   * and waited the whole grace (5 s) for it, on top of the service's own drain.
   */
  public void close(Duration grace) {
    renewing.shutdownNow();
    running.shutdownNow();
    try {
      if (!running.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("a run did not end within {} of its interrupt; giving the lease up", grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lease.release();
  }

  /** {@link #close(Duration)} with a grace of {@link #GRACE}. */
  @Override
  public void close() {
    close(GRACE);
  }
}
