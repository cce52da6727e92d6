package dev.nis.common.jetstream;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NATS outage in the log as a few lines: a WARN when the connection drops, one WARN every {@link
 * #REPEAT} while it stays down (how long, how many attempts), an INFO when it is back. jnats
 * reports every reconnect attempt (every 250 ms, {@link NatsConnector}) as a disconnection and a
 * refused connection; logged each time, that was two WARN lines per attempt, ~29,000 an hour per
 * replica (seen in a newcomer's trial). Those attempts go to DEBUG.
 */
final class NatsOutageLog {
  static final Duration REPEAT = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(NatsOutageLog.class);

  private final LongSupplier nanoTime;
  private long downSince;
  private long lastWarned;
  private long attempts;
  private boolean down;

  NatsOutageLog() {
    this(System::nanoTime);
  }

  NatsOutageLog(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** jnats' DISCONNECTED: the connection dropped, or a reconnect attempt failed. */
  synchronized void disconnected() {
    long now = nanoTime.getAsLong();
    if (!down) {
      down = true;
      downSince = now;
      lastWarned = now;
      attempts = 0;
      log.warn("NATS connection disconnected; reconnecting every 250 ms");
      return;
    }
    attempts++;
    if (now - lastWarned >= REPEAT.toNanos()) {
      lastWarned = now;
      log.warn(
          "NATS still unreachable after {} s ({} reconnect attempts)",
          Duration.ofNanos(now - downSince).toSeconds(),
          attempts);
    } else {
      log.debug("NATS reconnect attempt {} failed", attempts);
    }
  }

  /** jnats' RECONNECTED or CONNECTED. */
  synchronized void connected(String event) {
    if (down) {
      down = false;
      log.info(
          "NATS connection {} after {} ms ({} attempts)",
          event,
          Duration.ofNanos(nanoTime.getAsLong() - downSince).toMillis(),
          attempts);
    } else {
      log.info("NATS connection {}", event);
    }
  }

  /**
   * An exception jnats reports: a refused or failed connect during an outage is one of its attempts
   * (DEBUG); anything else is a WARN.
   */
  synchronized void exception(Exception exception) {
    if (down && isConnectFailure(exception)) {
      log.debug("NATS reconnect attempt: {}", exception.toString());
    } else {
      log.warn("NATS exception: {}", exception.toString());
    }
  }

  private static boolean isConnectFailure(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof SocketTimeoutException
          || cause instanceof UnresolvedAddressException
          || cause instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }
}
