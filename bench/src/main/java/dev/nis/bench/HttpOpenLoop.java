package dev.nis.bench;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

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
    try (LoopHttpClient client = new LoopHttpClient("open-loop")) {
      EventLoopOpenLoop round = new EventLoopOpenLoop(client.loop(), perSecond, length);
      return round.run(length, LATE_ANSWERS, due -> send(client, round, due), client::keepNone);
    }
  }

  private void send(LoopHttpClient client, EventLoopOpenLoop round, long due) {
    client.send(
        HttpMethod.POST,
        target,
        bodies.get(),
        prefer,
        new LoopHttpClient.Answer() {
          @Override
          public void answered(int status, ByteBuf body) {
            if (status == expectedStatus) {
              round.done(due);
            } else {
              round.failed();
            }
          }

          @Override
          public void failed() {
            round.failed();
          }
        });
  }
}
