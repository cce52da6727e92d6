package dev.nis.common.http;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.events.EventBuffer;
import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventFeed;
import dev.nis.common.events.EventFilter;
import dev.nis.common.events.EventTypes;
import dev.nis.common.events.StreamEvent;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One client's event stream as Server-Sent Events (Helidon's SSE sink does the framing): the feed's
 * thread offers events to a bounded buffer without ever blocking; this stream's own virtual thread
 * first writes what the client lacks from before it joined (a resume), then the buffer's events, to
 * the socket. A client that falls a whole buffer behind is dropped: it gets a final {@code
 * stream.closed} event naming the last id it was sent, and the response ends. A client that stops
 * reading altogether blocks a write once its socket is full: after {@code writeTimeout} the
 * connection is closed ({@link StalledWrites}). An idle stream sends a comment line every
 * heartbeat.
 */
final class SseEventStream implements ResponseStream {
  /** How often the writer looks at the stop and drop flags while it waits for events. */
  private static final Duration CHECK = Duration.ofMillis(100);

  /** The {@code retry:} a client's EventSource waits before reconnecting. */
  private static final Duration RECONNECT = Duration.ofSeconds(1);

  private static final long NOT_WRITING = 0;

  private final EventFeed feed;
  private final Optional<EventCursor> after;
  private final EventFilter filter;
  private final Duration heartbeat;
  private final Duration writeTimeout;
  private final EventBuffer buffer;
  private final Runnable onClose;
  private final JsonCodec json;
  private String lastSentId;
  private EventFeed.Subscription subscription;

  /** Guards the writer's start of a write against the watch's decision to abort it. */
  private final Object writing = new Object();

  private Thread writer;
  private long writingSince = NOT_WRITING;

  SseEventStream(
      EventFeed feed,
      Optional<EventCursor> after,
      EventFilter filter,
      Duration heartbeat,
      Duration writeTimeout,
      int bufferSize,
      JsonCodec json,
      Runnable onClose) {
    this.feed = feed;
    this.after = after;
    this.filter = filter;
    this.heartbeat = heartbeat;
    this.writeTimeout = writeTimeout;
    this.buffer = new EventBuffer(bufferSize);
    this.json = json;
    this.onClose = onClose;
    this.lastSentId = after.map(EventCursor::toString).orElse(null);
  }

  /**
   * Joins the feed, its events going to the buffer, before any byte is sent, so that a bus that
   * cannot be reached is still a 503 problem; events that come before {@link #writeTo} wait in the
   * buffer.
   *
   * @throws dev.nis.common.application.DependencyUnavailableException when NATS cannot be reached
   */
  void subscribe() {
    subscription = feed.open(after, filter, buffer::offer);
  }

  @Override
  public void writeTo(ServerResponse response) throws InterruptedException {
    synchronized (writing) {
      writer = Thread.currentThread();
    }
    StalledWrites.watch(this);
    try (SseSink sink = response.sink(SseSink.TYPE)) {
      // a first line at once, so that the client and every proxy see the stream is open
      send(sink, SseEvent.builder().comment("stream open").reconnectDelay(RECONNECT).build());
      try {
        subscription.catchUp(
            event -> {
              send(sink, sse(event));
              lastSentId = event.cursor().toString();
              return buffer.isOpen();
            });
      } catch (DependencyUnavailableException e) {
        send(sink, closing("the event history could not be read"));
        return;
      }
      long lastWrite = System.nanoTime();
      while (true) {
        switch (buffer.next(CHECK)) {
          case EventBuffer.Deliver(StreamEvent event) -> {
            send(sink, sse(event));
            lastSentId = event.cursor().toString();
            lastWrite = System.nanoTime();
          }
          case EventBuffer.Idle() -> {
            if (System.nanoTime() - lastWrite >= heartbeat.toNanos()) {
              send(sink, SseEvent.builder().comment("heartbeat").build());
              lastWrite = System.nanoTime();
            }
          }
          case EventBuffer.Dropped() -> {
            send(sink, closing("the client read slower than events came"));
            return;
          }
          case EventBuffer.Stopping() -> {
            send(sink, closing("the server is stopping"));
            return;
          }
        }
      }
    } finally {
      StalledWrites.forget(this);
    }
  }

  /** One write, timed so that {@link StalledWrites} can end it when it blocks too long. */
  private void send(SseSink sink, SseEvent event) {
    synchronized (writing) {
      writingSince = System.nanoTime();
    }
    try {
      sink.emit(event);
    } finally {
      synchronized (writing) {
        writingSince = NOT_WRITING;
      }
    }
  }

  /**
   * Called by {@link StalledWrites}: interrupts the writer when its write started more than the
   * write timeout before {@code now} (nanoTime), which closes the socket and ends the stream.
   */
  void abortIfBlocked(long now) {
    synchronized (writing) {
      if (writingSince != NOT_WRITING && now - writingSince > writeTimeout.toNanos()) {
        buffer.stop();
        writer.interrupt();
      }
    }
  }

  private SseEvent sse(StreamEvent event) {
    return SseEvent.builder()
        .name(event.type())
        .id(event.cursor().toString())
        .data(new String(json.write(event.data()), StandardCharsets.UTF_8))
        .build();
  }

  /** The last event of a stream the server ends; its data names the id to resume after. */
  private SseEvent closing(String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("reason", reason + "; reconnect with Last-Event-ID to resume after the last event");
    data.put("last_event_id", lastSentId);
    return SseEvent.builder()
        .name(EventTypes.STREAM_CLOSED)
        .data(new String(json.write(data), StandardCharsets.UTF_8))
        .build();
  }

  @Override
  public void stop() {
    buffer.stop();
  }

  @Override
  public void close() {
    try {
      if (subscription != null) {
        subscription.close();
      }
    } finally {
      onClose.run();
    }
  }
}
