package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.events.EventFeed;
import dev.nis.common.events.EventStreamSettings;
import dev.nis.common.testing.SseClient;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Slots held by clients that went away, over real sockets to the real server: with heartbeats 15 s
 * apart and no events, the server would learn of a closed stream only up to two heartbeats later
 * (Helidon does not read a connection while a handler streams). A request that finds every slot
 * taken probes the open streams, and the slots of the gone ones are its to take; a live client
 * keeps its slot and its stream.
 */
class EventStreamProbeTest {
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final String PATH = "/api/courses/events";

  private static EventStreamRoute route(EventFeed feed, int maxStreams) {
    return new EventStreamRoute(
        feed,
        "course",
        new EventStreamSettings(
            HEARTBEAT, maxStreams, 16, Duration.ofSeconds(10), Duration.ofMillis(100)));
  }

  /**
   * Opens a stream over a raw socket and reads its opening to the end of its chunk: a socket closed
   * with nothing unread ends with a FIN, and the server's next write is still taken (the client's
   * host answers it with a reset), so only the write after that fails.
   */
  private static Socket openRaw(int port) throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(10_000);
    socket
        .getOutputStream()
        .write(
            ("GET " + PATH + " HTTP/1.1\r\nHost: nis\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    StringBuilder read = new StringBuilder();
    while (!(read.toString().contains("retry:") && read.toString().endsWith("\n\n\r\n"))) {
      int b = in.read();
      assertThat(b).as("the stream's opening before the end of the connection").isNotNegative();
      read.append((char) b);
    }
    assertThat(read.toString()).startsWith("HTTP/1.1 200");
    return socket;
  }

  private static SseClient open(int port) {
    return SseClient.open(URI.create("http://127.0.0.1:" + port + PATH));
  }

  @Test
  void aRequestAtAFullReplica_takesTheSlotOfAClientThatWentAway_longBeforeAHeartbeat()
      throws Exception {
    EventStreamRoute route = route(new HandFeed(), 2);
    try (HttpServerRunner server = HttpServerRunner.start(0, new HttpRouter().get(PATH, route))) {
      openRaw(server.port()).close();
      openRaw(server.port()).close();
      assertThat(route.openStreams()).as("the server has not noticed yet").isEqualTo(2);

      long started = System.nanoTime();
      try (SseClient next = open(server.port())) {
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf(
            "a full replica's gone slots reclaimed in %d ms%n", answeredIn.toMillis());
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(answeredIn).isLessThan(HEARTBEAT);
      }
    }
  }

  @Test
  void aLiveClient_keepsItsSlotAndItsStream_whenProbed() throws Exception {
    HandFeed feed = new HandFeed();
    EventStreamRoute route = route(feed, 1);
    try (HttpServerRunner server = HttpServerRunner.start(0, new HttpRouter().get(PATH, route));
        SseClient live = open(server.port())) {
      assertThat(live.status()).isEqualTo(200);

      try (SseClient refused = open(server.port())) {
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo(Optional.of("5"));
      }
      assertThat(route.openStreams()).isEqualTo(1);
      // the probe reached the live client as heartbeats, and its stream goes on
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (live.comments().stream().noneMatch(c -> c.contains("heartbeat"))
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(live.comments()).anyMatch(c -> c.contains("heartbeat"));
      feed.sink.get().test(EventStreamLingerTest.event(1));
      assertThat(live.next(Duration.ofSeconds(5)).type()).isEqualTo("course.created");
    }
  }
}
