package dev.nis.common.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The body-read timeout ({@link HttpLimits#bodyTimeout}): a route that reads a request's body waits
 * for it at most that long; a body that has not all come by then gets its connection closed, which
 * frees the request's slot and its thread. Without it, a client that sends its headers and part of
 * a body holds both for as long as it keeps the connection (a slow-body attack: {@link
 * HeaderDeadlines} covers only the header block, {@code HTTP_IDLE_TIMEOUT} only a connection
 * between requests).
 *
 * <p>Ours because Helidon 4.5 has no read timeout on server connections. A sweep every {@link
 * #CHECK} looks at the reads in progress (a set of a few entries: most bodies are in the buffer
 * with their headers and are read at once) and interrupts the thread of one past its deadline; a
 * virtual thread interrupted in a socket read closes the socket (JEP 444), so the read fails at
 * once. As with {@link StalledWrites}, the answer cannot go out on the closed socket: the client
 * sees the connection end.
 */
final class BodyDeadlines implements AutoCloseable {
  static final Duration CHECK = Duration.ofMillis(250);

  private final long timeoutNanos;
  private final Set<Read> reads = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("http-body-deadlines").factory());

  /** One body being read by its route's thread. */
  final class Read implements AutoCloseable {
    private final Thread reader = Thread.currentThread();
    private final long deadline = System.nanoTime() + timeoutNanos;
    private boolean done;
    private boolean timedOut;

    private synchronized void interruptIfLate(long now) {
      if (!done && now - deadline > 0) {
        timedOut = true;
        reader.interrupt();
      }
    }

    /** Whether the sweep ended this read; ask only once the read failed. */
    synchronized boolean timedOut() {
      return timedOut;
    }

    /**
     * Ends the watch of this read. An interrupt the sweep sent just as the read finished is
     * cleared, so that it closes nothing later.
     */
    @Override
    public void close() {
      reads.remove(this);
      synchronized (this) {
        done = true;
        if (timedOut) {
          Thread.interrupted();
        }
      }
    }
  }

  BodyDeadlines(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    sweeper.scheduleWithFixedDelay(
        this::sweep, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The timeout, for the problem that names it. */
  Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  /** Starts watching a read by the calling thread; close the result once the read is over. */
  Read start() {
    Read read = new Read();
    reads.add(read);
    return read;
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Read read : reads) {
      read.interruptIfLate(now);
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
