package dev.nis.common.redis;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis outage in the log as a few lines, as {@code NatsOutageLog} does for NATS: a WARN when the
 * connection drops, one WARN every {@link #REPEAT} while it stays down (how long, how many
 * attempts, the last attempt's cause), an INFO when it is back. lettuce's {@code
 * ConnectionWatchdog} logs every failed reconnect attempt as a WARN of its own (about every 5 s
 * with the reconnect delay here), and nothing said the cache was down or back (found by a fresh
 * helper); its logger is quieted to ERROR ({@code JsonLogConfigurator}) and its attempts come here,
 * at DEBUG.
 */
final class RedisOutageLog {
  static final Duration REPEAT = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(RedisOutageLog.class);

  private final String address;
  private final LongSupplier nanoTime;
  private long downSince;
  private long lastWarned;
  private long attempts;
  private boolean down;

  RedisOutageLog(String address) {
    this(address, System::nanoTime);
  }

  RedisOutageLog(String address, LongSupplier nanoTime) {
    this.address = address;
    this.nanoTime = nanoTime;
  }

  /** The shared connection dropped. */
  synchronized void disconnected() {
    if (down) {
      return;
    }
    long now = nanoTime.getAsLong();
    down = true;
    downSince = now;
    lastWarned = now;
    attempts = 0;
    log.warn(
        "Redis connection to {} lost; reads go to the database and applying waits until it is"
            + " back, reconnecting",
        address);
  }

  /** lettuce's reconnect attempt {@code attempt} failed with {@code cause}. */
  synchronized void attemptFailed(int attempt, String cause) {
    attempts++;
    long now = nanoTime.getAsLong();
    if (down && now - lastWarned >= REPEAT.toNanos()) {
      lastWarned = now;
      log.warn(
          "Redis at {} still unreachable after {} s ({} reconnect attempts; the last: {})",
          address,
          Duration.ofNanos(now - downSince).toSeconds(),
          attempts,
          cause);
    } else {
      log.debug("Redis reconnect attempt {} failed: {}", attempt, cause);
    }
  }

  /** The shared connection is up again (its server is then checked before use). */
  synchronized void connected() {
    if (!down) {
      return;
    }
    down = false;
    log.info(
        "Redis connection to {} back after {} ms ({} reconnect attempts)",
        address,
        Duration.ofNanos(nanoTime.getAsLong() - downSince).toMillis(),
        attempts);
  }
}
