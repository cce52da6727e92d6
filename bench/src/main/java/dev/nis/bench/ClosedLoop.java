package dev.nis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * {@code concurrency} callers, each calling again as soon as its call returns, for a while: the
 * Java-side load generator (gRPC, raw drivers), the counterpart of wrk's connections.
 */
final class ClosedLoop implements Load {
  /** One operation of the load. */
  @FunctionalInterface
  interface Call {
    void call() throws Exception;
  }

  private final int concurrency;
  private final Call call;

  ClosedLoop(int concurrency, Call call) {
    this.concurrency = concurrency;
    this.call = call;
  }

  @Override
  public Measurement run(Duration length) throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + length.toNanos();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      callers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (System.nanoTime() < deadline) {
                      long t0 = System.nanoTime();
                      try {
                        call.call();
                        recorder.recordValue((System.nanoTime() - t0) / 1000);
                      } catch (Exception e) {
                        errors.incrementAndGet();
                      }
                    }
                  }));
    }
    for (Thread caller : callers) {
      caller.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return Measurement.of(recorder.getIntervalHistogram(), errors.get(), seconds);
  }
}
