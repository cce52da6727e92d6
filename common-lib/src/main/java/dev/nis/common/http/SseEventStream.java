package dev.nis.common.http;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.events.EventBuffer;
import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventFeed;
import dev.nis.common.events.EventFilter;
import dev.nis.common.events.EventTypes;
import dev.nis.common.events.StreamEvent;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One client's event stream as Server-Sent Events ({@link SseFrames}): the feed's thread offers
 * events to a bounded buffer without ever blocking; this stream's own virtual thread first writes
 * what the client lacks from before it joined (a resume), then the buffer's events, to the socket.
 * A stream writes at most once per linger: an event that comes a linger or more after the last
 * write goes at once, one that comes sooner waits for the linger to pass and goes with every event
 * that came in the meantime, in one write. So a quiet stream sends each event as it comes, and
 * under load a stream costs a socket write per linger, not per event (Nagle's algorithm, which
 * holds small segments only while one is unacknowledged; a producer's {@code linger.ms} in Kafka
 * holds every batch). A client that falls a whole buffer behind is dropped: it gets a final {@code
 * stream.closed} event naming the last id it was sent, and the response ends. A client that stops
 * reading altogether blocks a write once its socket is full: after {@code writeTimeout} the
 * connection is closed ({@link StalledWrites}). An idle stream sends a comment line every
 * heartbeat, and two close together when {@link #probe probed}.
 */
final class SseEventStream implements ResponseStream {
  /** The {@code retry:} a client's EventSource waits before reconnecting. */
  private static final Duration RECONNECT = Duration.ofSeconds(1);

  private static final long NOT_WRITING = 0;

  /**
   * How long a write may block once the server is stopping: a write to a client that reads takes
   * microseconds, and one that has not ended in a second will not end within the drain's grace.
   */
  static final Duration STOPPING_WRITE_TIMEOUT = Duration.ofSeconds(1);

  private volatile boolean stopping;

  /**
   * After a probe's write, the time to the next one: a round trip for the reset of a client that
   * went away to come back (microseconds on one host, a few milliseconds across a network).
   */
  static final Duration PROBE_GAP = Duration.ofMillis(50);

  /** A batch buffer grown past this (a burst) is let go rather than kept for the stream's life. */
  private static final int KEPT_BATCH_BYTES = 256 * 1024;

  private final EventFeed feed;
  private final Optional<EventCursor> after;
  private final EventFilter filter;
  private final Duration heartbeat;
  private final Duration writeTimeout;
  private final Duration linger;
  private final EventBuffer buffer;
  private final Consumer<SseEventStream> onClose;
  private final JsonCodec json;
  private EventCursor lastSent;
  private Batch batch = new Batch();
  private final List<StreamEvent> drained = new ArrayList<>();
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
      Duration linger,
      int bufferSize,
      JsonCodec json,
      Consumer<SseEventStream> onClose) {
    this.feed = feed;
    this.after = after;
    this.filter = filter;
    this.heartbeat = heartbeat;
    this.writeTimeout = writeTimeout;
    this.linger = linger;
    this.buffer = new EventBuffer(bufferSize);
    this.json = json;
    this.onClose = onClose;
    this.lastSent = after.orElse(null);
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
  public void writeTo(ServerResponse response) throws InterruptedException, IOException {
    synchronized (writing) {
      writer = Thread.currentThread();
    }
    StalledWrites.watch(this);
    try (OutputStream out = response.outputStream()) {
      send(out, SseFrames.opening("stream open", RECONNECT.toMillis()));
      flush(out);
      try {
        subscription.catchUp(
            event -> {
              write(out, event);
              return buffer.isOpen();
            });
      } catch (DependencyUnavailableException e) {
        end(out, "the event history could not be read");
        return;
      }
      flush(out);
      long lastWrite = System.nanoTime();
      while (true) {
        switch (buffer.next(untilHeartbeat(lastWrite))) {
          case EventBuffer.Deliver(StreamEvent first) -> {
            writeBatch(out, first);
            lastWrite = System.nanoTime();
            rest();
          }
          case EventBuffer.Probe() -> {
            send(out, SseFrames.comment("heartbeat"));
            flush(out);
            // a gone client's host takes this write and answers it with a reset, so the write
            // that finds the connection closed is the next one: due after the probe's gap
            lastWrite = System.nanoTime() - heartbeat.toNanos() + PROBE_GAP.toNanos();
          }
          case EventBuffer.Idle() -> {
            if (System.nanoTime() - lastWrite >= heartbeat.toNanos()) {
              send(out, SseFrames.comment("heartbeat"));
              flush(out);
              lastWrite = System.nanoTime();
            }
          }
          case EventBuffer.Dropped() -> {
            end(out, "the client read slower than events came");
            return;
          }
          case EventBuffer.Stopping() -> {
            end(out, "the server is stopping");
            return;
          }
        }
      }
    } finally {
      StalledWrites.forget(this);
    }
  }

  /**
   * How long an idle writer waits for an event: until the next heartbeat is due. A stop or a drop
   * wakes it before that ({@link EventBuffer}), so it need not look at them in between.
   */
  private Duration untilHeartbeat(long lastWrite) {
    return Duration.ofNanos(Math.max(0, lastWrite + heartbeat.toNanos() - System.nanoTime()));
  }

  /** Writes {@code first} and every event buffered after it as one batch: one write, one flush. */
  private void writeBatch(OutputStream out, StreamEvent first) {
    batch.reset();
    append(first);
    buffer.drainTo(drained);
    for (StreamEvent event : drained) {
      append(event);
    }
    drained.clear();
    send(out, batch);
    flush(out);
    if (batch.capacity() > KEPT_BATCH_BYTES) {
      batch = new Batch();
    }
  }

  /**
   * Sleeps a linger after a write, before looking for events again: the events that come meanwhile
   * collect in the buffer without waking this thread and go in the next write; an event that comes
   * later finds the writer waiting and goes at once. Resting after the write, rather than after the
   * next event's arrival, keeps the feed's thread from waking every busy stream's writer once per
   * write: waking a virtual thread from that platform thread cost more than the write itself.
   */
  private void rest() throws InterruptedException {
    if (linger.isPositive()) {
      Thread.sleep(linger);
    }
  }

  /**
   * A batch's bytes, handed to the response in one write. Written event by event, the response's
   * buffer (Helidon's {@code write-buffer-size}, 4 KiB by default) sent a batch of a firehose
   * stream as several chunks, each a socket write and a read for the client; a write of the whole
   * batch passes through as one chunk.
   */
  private static final class Batch extends ByteArrayOutputStream {
    Batch() {
      super(8192);
    }

    int capacity() {
      return buf.length;
    }
  }

  private void append(StreamEvent event) {
    batch.writeBytes(frame(event));
    lastSent = event.cursor();
  }

  private void send(OutputStream out, Batch bytes) {
    timed(() -> bytes.writeTo(out));
  }

  /** One write, timed so that {@link StalledWrites} can end it when it blocks too long. */
  private void send(OutputStream out, byte[] bytes) {
    timed(() -> out.write(bytes));
  }

  private void flush(OutputStream out) {
    timed(out::flush);
  }

  private void timed(IoAction action) {
    synchronized (writing) {
      writingSince = System.nanoTime();
    }
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      synchronized (writing) {
        writingSince = NOT_WRITING;
      }
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  /**
   * Called by {@link StalledWrites}: interrupts the writer when its write started more than the
   * write timeout before {@code now} (nanoTime), which closes the socket and ends the stream.
   */
  void abortIfBlocked(long now) {
    long limit = stopping ? STOPPING_WRITE_TIMEOUT.toNanos() : writeTimeout.toNanos();
    synchronized (writing) {
      if (writingSince != NOT_WRITING && now - writingSince > limit) {
        buffer.stop();
        writer.interrupt();
      }
    }
  }

  /** Writes an event, its bytes made once for every client at the same cursor. */
  private void write(OutputStream out, StreamEvent event) {
    send(out, frame(event));
    lastSent = event.cursor();
  }

  private byte[] frame(StreamEvent event) {
    return event
        .encoded()
        .at(
            event.cursor(),
            at -> SseFrames.event(event.type(), at.toString(), json.write(event.data())));
  }

  /**
   * Sends the final event, timed like every write: a client too slow to take it holds the writer no
   * longer than the write timeout ({@link StalledWrites}).
   */
  private void end(OutputStream out, String reason) {
    send(out, closing(reason));
    flush(out);
  }

  /** The last event of a stream the server ends; its data names the id to resume after. */
  private byte[] closing(String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("reason", reason + "; reconnect with Last-Event-ID to resume after the last event");
    data.put("last_event_id", lastSent == null ? null : lastSent.toString());
    return SseFrames.event(EventTypes.STREAM_CLOSED, null, json.write(data));
  }

  /**
   * Makes the writer send a heartbeat now and another one a {@link #PROBE_GAP} later (or an event
   * sooner): when the client went away, the second write fails and the stream ends, giving its slot
   * back. Helidon does not read a connection while a handler streams, so a write is the only way
   * this server learns that a client left. Never blocks.
   */
  void probe() {
    buffer.probe();
  }

  /**
   * Ends the stream (the server is stopping): {@code stream.closed} is sent once the writer takes
   * it; a writer blocked in a write to a client that stopped reading is ended by {@link
   * StalledWrites} after {@link #STOPPING_WRITE_TIMEOUT}, not after the whole write timeout, which
   * held the drain for up to its grace (found by a fresh helper: 8.8–10 s).
   */
  @Override
  public void stop() {
    stopping = true;
    buffer.stop();
  }

  @Override
  public void close() {
    try {
      if (subscription != null) {
        subscription.close();
      }
    } finally {
      onClose.accept(this);
    }
  }
}
