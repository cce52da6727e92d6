package dev.nis.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Calls at a fixed rate whatever the answers' speed, each on a virtual thread of its own, and
 * measures each latency from the moment its call was due (no coordinated omission).
 */
final class OpenLoop implements Load {
  private final double perSecond;
  private final ClosedLoop.Call call;

  OpenLoop(double perSecond, ClosedLoop.Call call) {
    this.perSecond = perSecond;
    this.call = call;
  }

  @Override
  public Measurement run(Duration length) throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicLong errors = new AtomicLong();
    long periodNanos = (long) (1e9 / perSecond);
    long start = System.nanoTime();
    long total = (long) (length.toNanos() / (double) periodNanos);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long i = 0; i < total; i++) {
        long due = start + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        callers.execute(
            () -> {
              try {
                call.call();
                recorder.recordValue(Math.max(0, System.nanoTime() - due) / 1000);
              } catch (Exception e) {
                errors.incrementAndGet();
              }
            });
      }
      callers.shutdown();
      callers.awaitTermination(1, TimeUnit.MINUTES);
    }
    double seconds = length.toNanos() / 1e9;
    return Measurement.of(recorder.getIntervalHistogram(), errors.get(), seconds);
  }
}
