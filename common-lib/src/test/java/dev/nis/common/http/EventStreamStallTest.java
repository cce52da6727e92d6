package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventStreamSettings;
import dev.nis.common.events.StreamEvent;
import dev.nis.common.testing.SseClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading, over a real socket to the real server: once its socket is full the
 * stream's write blocks (Helidon has no write timeout), and after {@code EVENTS_WRITE_TIMEOUT} the
 * connection is closed and the stream's slot is free for another client. The feed here is an
 * in-memory one that hands out large events on demand, so that the socket fills in a moment.
 */
class EventStreamStallTest {
  private static final Duration WRITE_TIMEOUT = Duration.ofMillis(500);
  private static final String PADDING = "x".repeat(64 * 1024);

  private static StreamEvent large(long n) {
    return new StreamEvent(
        "course.created",
        new EventCursor(n, 0),
        "op-" + n,
        List.of("c" + n),
        Map.of("id", "c" + n, "padding", PADDING));
  }

  @Test
  void aClientThatStopsReading_isDisconnected_andItsSlotFreed_withinTheWriteTimeout()
      throws Exception {
    HandFeed feed = new HandFeed();
    EventStreamRoute route =
        new EventStreamRoute(
            feed,
            "course",
            new EventStreamSettings(Duration.ofSeconds(15), 1, 16, WRITE_TIMEOUT, Duration.ZERO));
    HttpRouter router = new HttpRouter().get("/api/courses/events", route);
    try (HttpServerRunner server = HttpServerRunner.start(0, router);
        Socket stuck = new Socket()) {
      openWithoutReading(stuck, server);
      Predicate<StreamEvent> sink = feed.sink.get(5, TimeUnit.SECONDS);
      assertThat(route.openStreams()).isEqualTo(1);

      // offer slower than the writer writes, until the client is a whole buffer behind: by then
      // its socket is full and the writer blocked in a write. 20 ms apart, so that a writer kept
      // off the cores by a busy machine still has 16 × 20 ms to take each event before the buffer
      // overflows with room left in the socket (seen at 5 ms apart, load average 9)
      long offered = 0;
      while (sink.test(large(++offered))) {
        Thread.sleep(20);
      }
      long blockedAt = System.nanoTime();

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (route.openStreams() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Duration freedAfter = Duration.ofNanos(System.nanoTime() - blockedAt);
      System.out.printf(
          "stalled stream: %d events of 64 KiB offered, slot freed %d ms after the last%n",
          offered, freedAfter.toMillis());
      assertThat(route.openStreams()).as("the stuck client's slot is free").isZero();
      assertThat(freedAfter).isLessThan(WRITE_TIMEOUT.plus(Duration.ofSeconds(3)));

      // the next client gets the slot
      try (SseClient next =
          SseClient.open(URI.create("http://127.0.0.1:" + server.port() + "/api/courses/events"))) {
        assertThat(next.status()).isEqualTo(200);
      }
      // and the stuck one finds its connection closed once it reads what was sent, without the
      // final event a client that merely reads slowly gets (there was no room for it)
      stuck.setSoTimeout(10_000);
      String read = new String(stuck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(read).startsWith("HTTP/1.1 200").doesNotContain("stream.closed");
    }
  }

  /**
   * SIGTERM with a client that stopped reading: the server's stop ends its blocked write within
   * about a second ({@link SseEventStream#STOPPING_WRITE_TIMEOUT}), not after a write timeout
   * longer than the drain's grace, which held the stop for the whole grace.
   */
  @Test
  void aClientThatStopsReading_doesNotHoldTheServersStop() throws Exception {
    HandFeed feed = new HandFeed();
    EventStreamRoute route =
        new EventStreamRoute(
            feed,
            "course",
            new EventStreamSettings(
                Duration.ofSeconds(15), 1, 16, Duration.ofSeconds(60), Duration.ZERO));
    HttpRouter router = new HttpRouter().get("/api/courses/events", route);
    HttpServerRunner server = HttpServerRunner.start(0, router);
    try (Socket stuck = new Socket()) {
      openWithoutReading(stuck, server);
      Predicate<StreamEvent> sink = feed.sink.get(5, TimeUnit.SECONDS);
      long offered = 0;
      while (sink.test(large(++offered))) {
        Thread.sleep(20);
      }
      Thread.sleep(300); // the writer is blocked in a write by now

      long stopping = System.nanoTime();
      server.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - stopping);
      System.out.printf("stop with a stalled event stream took %d ms%n", took.toMillis());
      assertThat(took).isLessThan(Duration.ofSeconds(4));
      assertThat(route.openStreams()).isZero();
    } finally {
      server.stop();
    }
  }

  /**
   * Asks for the stream on {@code stuck}, whose small receive buffer then fills: it never reads.
   */
  private static void openWithoutReading(Socket stuck, HttpServerRunner server)
      throws java.io.IOException {
    stuck.setReceiveBufferSize(1024);
    stuck.connect(new InetSocketAddress("127.0.0.1", server.port()));
    stuck
        .getOutputStream()
        .write(
            "GET /api/courses/events HTTP/1.1\r\nHost: nis\r\nAccept: text/event-stream\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
  }
}
