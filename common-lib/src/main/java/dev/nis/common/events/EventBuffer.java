package dev.nis.common.events;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bounded hand-over between the bus client's thread, which must never block (it serves every
 * stream of the replica), and one stream's writer, which may be as slow as its client. When the
 * buffer is full the client is too slow: from then on its events are dropped and the writer is told
 * to end the stream, so that a stuck client costs only its own buffer.
 */
public final class EventBuffer {
  /** What the writer does next. */
  public sealed interface Next {}

  /** Send this event. */
  public record Deliver(StreamEvent event) implements Next {}

  /** Nothing came within the wait: time for a heartbeat, perhaps. */
  public record Idle() implements Next {}

  /** The client fell a whole buffer behind: end its stream. */
  public record Dropped() implements Next {}

  /** The server is stopping: end the stream. */
  public record Stopping() implements Next {}

  /**
   * Write to the client now, though nothing came: the replica is short of stream slots and looks
   * for clients that went away ({@link #probe}).
   */
  public record Probe() implements Next {}

  /**
   * Put in the queue once the client is dropped or the server stops, so that a writer waiting for
   * events learns it at once rather than at the end of its wait; never handed out.
   */
  private static final StreamEvent WAKE =
      new StreamEvent("", new EventCursor(0, 0), "", List.of(), Map.of());

  private final BlockingQueue<StreamEvent> queue;
  private volatile boolean overflowed;
  private volatile boolean stopping;
  private final AtomicBoolean probing = new AtomicBoolean();

  /**
   * @param capacity events held for a client before it is dropped
   */
  public EventBuffer(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /**
   * Called by the bus client's thread; never blocks.
   *
   * @return false once the client is dropped (or stopping): it wants no more events
   */
  public boolean offer(StreamEvent event) {
    if (overflowed || stopping) {
      return false;
    }
    if (!queue.offer(event)) {
      overflowed = true;
      queue.clear(); // the client resumes from the last event it was sent, not from these
      queue.offer(WAKE);
      return false;
    }
    return true;
  }

  /** Whether events still flow: the client is neither dropped nor told the server stops. */
  public boolean isOpen() {
    return !overflowed && !stopping;
  }

  /**
   * The server is stopping; the writer learns it at its next {@link #next}, at once if it is
   * waiting in one.
   */
  public void stop() {
    stopping = true;
    queue.offer(WAKE); // when full, the writer is not waiting
  }

  /**
   * Asks the writer for a write now, whether events come or not: the next {@link #next} that does
   * not deliver an event answers {@link Probe}, at once for a writer waiting in one. Called from
   * any thread; never blocks.
   */
  public void probe() {
    if (!probing.getAndSet(true)) {
      queue.offer(WAKE); // when full, the writer is not waiting
    }
  }

  /**
   * What to do next, waiting up to {@code wait} for an event. Stopping and dropping come before any
   * event still buffered: the client resumes from the last one it was sent. A probe asked for
   * before the call comes before the buffered events.
   */
  public Next next(Duration wait) throws InterruptedException {
    if (stopping) {
      return new Stopping();
    }
    if (overflowed) {
      return new Dropped();
    }
    if (probing.getAndSet(false)) {
      return new Probe();
    }
    StreamEvent event = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    if (overflowed) {
      return new Dropped();
    }
    if (stopping) {
      return new Stopping();
    }
    if (event != null && event != WAKE) {
      return new Deliver(event); // a probe asked for meanwhile is the next answer
    }
    return probing.getAndSet(false) ? new Probe() : new Idle();
  }

  /**
   * Moves every event buffered now to {@code into}, in order, without waiting and under one lock (a
   * writer that lingered takes its batch at once rather than event by event); none once the client
   * is dropped or the server stops, which the next {@link #next} reports.
   *
   * @return how many were moved
   */
  public int drainTo(Collection<StreamEvent> into) {
    if (overflowed || stopping) {
      return 0;
    }
    int before = into.size();
    queue.drainTo(into);
    into.removeIf(event -> event == WAKE); // offered by a stop or drop since the check above
    return into.size() - before;
  }
}
