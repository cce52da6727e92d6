package dev.nis.common.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends the event streams whose write has blocked too long. Helidon has no write timeout: a client
 * that stops reading fills its socket, and the stream's next write then blocks its thread (and
 * holds its slot) for as long as the connection lives. Every {@link #CHECK} this watch asks each
 * open stream to interrupt its writer if a write has blocked longer than the stream's timeout; a
 * virtual thread interrupted in a socket write closes the socket (JEP 444), so the write fails, the
 * response ends and the stream gives its slot back. Applying never waits on it either way: the feed
 * only offers to a bounded buffer.
 */
final class StalledWrites {
  static final Duration CHECK = Duration.ofMillis(250);

  private static final Set<SseEventStream> STREAMS = ConcurrentHashMap.newKeySet();

  /** One thread for the process, started with the first stream: it reads a timestamp per stream. */
  private static final class Watch {
    static {
      ScheduledExecutorService watch =
          Executors.newSingleThreadScheduledExecutor(
              task ->
                  Thread.ofPlatform().name("event-stream-write-watch").daemon().unstarted(task));
      watch.scheduleWithFixedDelay(
          StalledWrites::check, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void ensureStarted() {
      // loading the class starts it
    }
  }

  private StalledWrites() {}

  static void watch(SseEventStream stream) {
    Watch.ensureStarted();
    STREAMS.add(stream);
  }

  static void forget(SseEventStream stream) {
    STREAMS.remove(stream);
  }

  private static void check() {
    long now = System.nanoTime();
    for (SseEventStream stream : STREAMS) {
      try {
        stream.abortIfBlocked(now);
      } catch (RuntimeException e) {
        // one stream's failure must not stop the watch of the others
      }
    }
  }
}
