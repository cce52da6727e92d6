package dev.nis.bench;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.HdrHistogram.Recorder;

/**
 * An open loop on one event loop thread: starts a call each period whatever the answers' speed, and
 * measures each from the moment it was due (no coordinated omission), as {@link OpenLoop} does with
 * a virtual thread per call. A call is started with its due time (nanoTime) and ends with {@link
 * #done} or {@link #failed}, on the event loop; one that has not ended within the grace after the
 * round counts as an error. Used by {@link HttpOpenLoop} and {@link EnrollmentVisibility}.
 */
final class EventLoopOpenLoop {
  private final Recorder recorder = new Recorder(3);
  private final AtomicLong errors = new AtomicLong();
  private final EventLoop loop;
  private final long periodNanos;
  private final long total;
  private final CountDownLatch finished;
  private LongConsumer start;
  private Runnable afterLast;
  private long begun;
  private long started;

  /**
   * @param loop the event loop the calls start on
   * @param perSecond calls a second
   * @param length how long calls are started for: {@code perSecond × length} calls in all
   */
  EventLoopOpenLoop(EventLoop loop, double perSecond, Duration length) {
    this.loop = loop;
    this.periodNanos = (long) (1e9 / perSecond);
    this.total = length.toNanos() / periodNanos;
    this.finished = new CountDownLatch((int) total);
  }

  /**
   * Starts the calls and waits for them all to end, at most {@code length} plus {@code grace}. Call
   * once.
   *
   * @param start starts one call, given its due time (nanoTime); called on the loop, and the call
   *     ends with {@link #done} or {@link #failed}
   * @param afterLast called on the loop once the last call has started
   * @return the calls done, with latencies from their due times; the failed and the unfinished as
   *     errors; rates over {@code length}
   */
  Measurement run(Duration length, Duration grace, LongConsumer start, Runnable afterLast)
      throws InterruptedException {
    this.start = start;
    this.afterLast = afterLast;
    loop.execute(
        () -> {
          begun = System.nanoTime();
          startDue();
        });
    long unfinished =
        finished.await(length.plus(grace).toMillis(), TimeUnit.MILLISECONDS)
            ? 0
            : finished.getCount();
    return Measurement.of(
        recorder.getIntervalHistogram(), errors.get() + unfinished, length.toNanos() / 1e9);
  }

  /** The call due at {@code due} succeeded now. */
  void done(long due) {
    recorder.recordValue(Math.max(0, System.nanoTime() - due) / 1000);
    finished.countDown();
  }

  /** A call failed. */
  void failed() {
    errors.incrementAndGet();
    finished.countDown();
  }

  /** Starts every call due by now, then comes back when the next one is due. */
  private void startDue() {
    long now = System.nanoTime();
    while (started < total && due(started) <= now) {
      start.accept(due(started++));
    }
    if (started < total) {
      loop.schedule(this::startDue, due(started) - System.nanoTime(), TimeUnit.NANOSECONDS);
    } else {
      afterLast.run();
    }
  }

  private long due(long index) {
    return begun + index * periodNanos;
  }
}
