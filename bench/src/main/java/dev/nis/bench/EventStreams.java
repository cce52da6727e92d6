package dev.nis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Clients of the services' event streams ({@code GET /api/<service>/events}, Server-Sent Events):
 * each on a connection and a virtual thread of its own, handing every event (its type and its
 * {@code data}, unparsed: the benchmark's own CPU shares the cores with the services) to a
 * listener; {@link #json} parses it where a listener needs a field. The SSE framing read here is
 * the part of the W3C grammar the services write: {@code event:}, {@code id:}, {@code data:} lines,
 * a blank line ending an event, comment lines (heartbeats) ignored.
 */
final class EventStreams implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A client of its own, so that 200 streams do not share the request client's small pool. */
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final List<Thread> readers = new ArrayList<>();
  private final List<InputStream> bodies = new ArrayList<>();
  private final AtomicLong events = new AtomicLong();

  /**
   * Opens a stream and returns once its response headers arrived (so it is subscribed).
   *
   * @throws IOException when the service answers anything but 200
   */
  void open(String url, BiConsumer<String, String> listener)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      throw new IOException(url + " answered " + response.statusCode() + ": " + body);
    }
    InputStream body = response.body();
    synchronized (this) {
      bodies.add(body);
      readers.add(Thread.ofVirtual().start(() -> read(body, listener)));
    }
  }

  /** Events received by all streams so far. */
  long received() {
    return events.get();
  }

  /** An event's {@code data} as JSON. */
  static JsonNode json(String data) throws IOException {
    return JSON.readTree(data);
  }

  private void read(InputStream body, BiConsumer<String, String> listener) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String type = "message";
      StringBuilder data = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.incrementAndGet();
            listener.accept(type, data.toString());
          }
          type = "message";
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          type = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
    } catch (IOException e) {
      // closed by close(), or the service ended the stream: the reader ends
    }
  }

  @Override
  public synchronized void close() throws InterruptedException {
    for (InputStream body : bodies) {
      try {
        body.close();
      } catch (IOException e) {
        // already gone
      }
    }
    client.shutdownNow();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (Thread reader : readers) {
      reader.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
  }
}
