package dev.nis.bench;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/**
 * POSTs at a fixed rate over HTTP/1.1 whatever the answers' speed, and measures each latency from
 * the moment its request was due (no coordinated omission), as {@link OpenLoop} does for any call;
 * a request answered with another status than the expected one, or not at all within a minute of
 * the round's end, is an error.
 *
 * <p>Everything runs on the one event loop thread of a {@link LoopHttpClient}, which sends each
 * request when it is due on a kept connection or a new one (why not the JDK's client: there). wrk2
 * sends at a fixed rate too, but it is not packaged in the sources this machine reaches.
 */
final class HttpOpenLoop implements Load {
  private static final Duration LATE_ANSWERS = Duration.ofMinutes(1);

  private final double perSecond;
  private final URI target;
  private final Supplier<String> bodies;
  private final String prefer;
  private final int expectedStatus;

  /**
   * @param perSecond requests a second
   * @param target the URL each request is POSTed to
   * @param bodies each request's JSON body, asked for as it is sent (on the event loop)
   * @param prefer the {@code Prefer} header, or null for none
   * @param expectedStatus the status of an answer that counts as done
   */
  HttpOpenLoop(
      double perSecond, URI target, Supplier<String> bodies, String prefer, int expectedStatus) {
    this.perSecond = perSecond;
    this.target = target;
    this.bodies = bodies;
    this.prefer = prefer;
    this.expectedStatus = expectedStatus;
  }

  @Override
  public Measurement run(Duration length) throws InterruptedException {
    long periodNanos = (long) (1e9 / perSecond);
    long total = (long) (length.toNanos() / (double) periodNanos);
    try (LoopHttpClient client = new LoopHttpClient("open-loop")) {
      Round round = new Round(client, periodNanos, total);
      client.loop().execute(round::sendDue);
      long unanswered =
          round.finished.await(length.plus(LATE_ANSWERS).toMillis(), TimeUnit.MILLISECONDS)
              ? 0
              : round.finished.getCount();
      double seconds = length.toNanos() / 1e9;
      return Measurement.of(
          round.recorder.getIntervalHistogram(), round.errors.get() + unanswered, seconds);
    }
  }

  /** One run's state; its fields other than the counters are touched on the event loop only. */
  private final class Round {
    final Recorder recorder = new Recorder(3);
    final AtomicLong errors = new AtomicLong();
    final CountDownLatch finished;
    private final LoopHttpClient client;
    private final long periodNanos;
    private final long total;
    private final long start = System.nanoTime();
    private long sent;

    Round(LoopHttpClient client, long periodNanos, long total) {
      this.client = client;
      this.periodNanos = periodNanos;
      this.total = total;
      this.finished = new CountDownLatch((int) total);
    }

    /** Sends every request due by now, then comes back when the next one is due. */
    void sendDue() {
      long now = System.nanoTime();
      while (sent < total && due(sent) <= now) {
        send(due(sent++));
      }
      if (sent < total) {
        client.loop().schedule(this::sendDue, due(sent) - System.nanoTime(), TimeUnit.NANOSECONDS);
      } else {
        client.keepNone();
      }
    }

    private long due(long index) {
      return start + index * periodNanos;
    }

    private void send(long due) {
      client.send(
          HttpMethod.POST,
          target,
          bodies.get(),
          prefer,
          new LoopHttpClient.Answer() {
            @Override
            public void answered(int status, ByteBuf body) {
              if (status == expectedStatus) {
                recorder.recordValue(Math.max(0, System.nanoTime() - due) / 1000);
                finished.countDown();
              } else {
                failed();
              }
            }

            @Override
            public void failed() {
              errors.incrementAndGet();
              finished.countDown();
            }
          });
    }
  }
}
