package dev.nis.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A test client of a Server-Sent Events stream, parsing the lines as the WHATWG HTML algorithm does
 * ({@code event:}, {@code id:}, {@code data:}, comments, a blank line dispatches). An answer that
 * is not a stream (a problem) is read whole into {@link #body()}.
 */
public final class SseClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One dispatched event. */
  public record Event(String type, String id, String data) {
    public JsonNode json() {
      try {
        return JSON.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final Event END = new Event("", "", "");

  private final HttpClient client;
  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<String> comments = new CopyOnWriteArrayList<>();
  private String body = "";
  private volatile boolean ended;
  private volatile Exception cutBy;

  private SseClient(HttpClient client, HttpResponse<Stream<String>> response) {
    this.client = client;
    this.response = response;
    if (isStream()) {
      Thread.ofVirtual().name("sse-client").start(this::read);
    } else {
      try (Stream<String> lines = response.body()) {
        body = lines.collect(Collectors.joining("\n"));
      }
      ended = true;
    }
  }

  /** Opens {@code uri} with {@code Accept: text/event-stream} and the given header pairs. */
  public static SseClient open(URI uri, String... headers) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return new SseClient(
          client, client.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    } catch (IOException e) {
      client.shutdownNow();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      client.shutdownNow();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean isStream() {
    return response.statusCode() == 200
        && header("Content-Type").orElse("").startsWith("text/event-stream");
  }

  private void read() {
    String type = "message";
    String id = "";
    List<String> data = new ArrayList<>();
    try (Stream<String> lines = response.body()) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(type, id, String.join("\n", data)));
          }
          type = "message";
          data.clear();
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1).trim());
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          value = value.startsWith(" ") ? value.substring(1) : value;
          switch (field) {
            case "event" -> type = value;
            case "id" -> id = value;
            case "data" -> data.add(value);
            default -> {
              // retry: and unknown fields
            }
          }
        }
      }
    } catch (RuntimeException e) {
      // closed by the test, or cut off by the server before the body's end: ended either way
      cutBy = e;
    } finally {
      ended = true;
      events.add(END);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public Optional<String> header(String name) {
    return response.headers().firstValue(name);
  }

  /** The body of an answer that is not a stream. */
  public String body() {
    return body;
  }

  /** The next event within {@code timeout}; fails when none comes or the stream ended. */
  public Event next(Duration timeout) {
    return poll(timeout)
        .orElseThrow(() -> new AssertionError("no event within " + timeout + "; ended=" + ended));
  }

  /** The next event within {@code timeout}, if any (empty also when the stream has ended). */
  public Optional<Event> poll(Duration timeout) {
    try {
      Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (event == END) {
        events.add(END);
        return Optional.empty();
      }
      return Optional.ofNullable(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next event of {@code type}, skipping others, within {@code timeout}. */
  public Event next(String type, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      Event event = next(left.isNegative() ? Duration.ZERO : left);
      if (event.type().equals(type)) {
        return event;
      }
    }
  }

  /** Whether the server ended the stream within {@code timeout}. */
  public boolean endsWithin(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return ended;
  }

  /**
   * Whether the body ended as HTTP says a body ends (a chunked body's last chunk), not cut off by a
   * closed connection or an error; false while it has not ended.
   */
  public boolean endedCleanly() {
    return ended && cutBy == null;
  }

  /** What cut the body off, when it did not end cleanly. */
  public Optional<Exception> cutBy() {
    return Optional.ofNullable(cutBy);
  }

  /** The comment lines received so far (heartbeats among them). */
  public List<String> comments() {
    return List.copyOf(comments);
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
