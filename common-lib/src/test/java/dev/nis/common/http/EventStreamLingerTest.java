package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventStreamSettings;
import dev.nis.common.events.StreamEvent;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The linger of a stream (SseEventStream), over a real socket to the real server, read chunk by
 * chunk of the response's chunked encoding (one chunk per write of the stream): an event that
 * reaches a quiet stream is sent at once, and the events that come within a linger of the last
 * write wait for the linger and go out together in one write.
 */
class EventStreamLingerTest {
  private static final Duration LINGER = Duration.ofMillis(500);

  static StreamEvent event(long n) {
    return new StreamEvent(
        "course.created",
        new EventCursor(n, 0),
        "op-" + n,
        List.of("c" + n),
        Map.of("id", "c" + n));
  }

  @Test
  void aQuietStreamSendsAnEventAtOnce_andEventsWithinALingerOfTheLastWriteGoTogether()
      throws Exception {
    HandFeed feed = new HandFeed();
    EventStreamRoute route =
        new EventStreamRoute(
            feed,
            "course",
            new EventStreamSettings(Duration.ofSeconds(15), 1, 64, Duration.ofSeconds(10), LINGER));
    HttpRouter router = new HttpRouter().get("/api/courses/events", route);
    try (HttpServerRunner server = HttpServerRunner.start(0, router);
        Socket client = new Socket()) {
      client.connect(new InetSocketAddress("127.0.0.1", server.port()));
      client.setSoTimeout(10_000);
      client
          .getOutputStream()
          .write(
              "GET /api/courses/events HTTP/1.1\r\nHost: nis\r\nAccept: text/event-stream\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = new BufferedInputStream(client.getInputStream());
      assertThat(headers(in)).startsWith("HTTP/1.1 200");
      assertThat(chunk(in)).contains("stream open");
      Predicate<StreamEvent> sink = feed.sink.get(5, TimeUnit.SECONDS);

      // quiet: nothing written for longer than the linger
      Thread.sleep(LINGER.plusMillis(200).toMillis());
      long offered = System.nanoTime();
      assertThat(sink.test(event(1))).isTrue();
      assertThat(chunk(in)).contains("id:1.0").doesNotContain("id:2.0");
      Duration first = Duration.ofNanos(System.nanoTime() - offered);

      // two more right after that write: they wait for the linger and share one write
      long written = System.nanoTime();
      assertThat(sink.test(event(2))).isTrue();
      assertThat(sink.test(event(3))).isTrue();
      String together = chunk(in);
      Duration next = Duration.ofNanos(System.nanoTime() - written);
      System.out.printf(
          "linger %d ms: the quiet stream's event came after %d ms, the next two after %d ms%n",
          LINGER.toMillis(), first.toMillis(), next.toMillis());

      assertThat(first).as("an event to a quiet stream is not held back").isLessThan(LINGER);
      assertThat(together).contains("id:2.0").contains("id:3.0");
      assertThat(next)
          .as("events within a linger of the last write wait for it")
          .isGreaterThanOrEqualTo(LINGER.minusMillis(100));
    }
  }

  /** The response's status line and headers, up to the blank line. */
  private static String headers(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    String line;
    while (!(line = line(in)).isEmpty()) {
      text.append(line).append('\n');
    }
    return text.toString();
  }

  /** One chunk of the chunked body (RFC 9112, section 7.1): its data as text. */
  private static String chunk(InputStream in) throws IOException {
    int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
    String data = new String(in.readNBytes(size), StandardCharsets.UTF_8);
    line(in); // the CRLF after the data
    return data;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("the connection closed");
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
