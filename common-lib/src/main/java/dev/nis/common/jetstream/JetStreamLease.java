package dev.nis.common.jetstream;

import dev.nis.common.application.port.out.Lease;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Lease} as one key of the JetStream key-value bucket {@link
 * JetStreamContract#leasesBucket()}, whose time to live is the lease's: taking it is the bucket's
 * {@code create} (stored only if the key has no value), renewing it an {@code update} that expects
 * the revision this holder wrote last, so that of two would-be holders exactly one wins, and a
 * holder that stops renewing loses the key when JetStream expires it.
 *
 * <p>The holder counts itself holding for two thirds of the time to live after its last write, on
 * its own monotonic clock: the key cannot have expired (and passed to another) before then, even if
 * this process was paused. Why not a library lock: the system already shares NATS between every
 * replica, and a lease is two calls of its key-value API.
 */
public final class JetStreamLease implements Lease {
  private static final Logger log = LoggerFactory.getLogger(JetStreamLease.class);

  private final KeyValue bucket;
  private final String key;
  private final byte[] holder;
  private final long holdNanos;
  private long revision;
  private long writtenAt;

  /**
   * @param bucket the key-value bucket, whose time to live is {@code ttl}
   * @param key the lease's name
   * @param holder who holds it (service and replica), stored as the key's value for operators
   */
  public JetStreamLease(
      Connection connection, String bucket, Duration ttl, String key, String holder)
      throws IOException {
    this.bucket = connection.keyValue(bucket);
    this.key = key;
    this.holder = holder.getBytes(StandardCharsets.UTF_8);
    this.holdNanos = ttl.toNanos() * 2 / 3;
  }

  @Override
  public synchronized boolean acquireOrRenew() {
    long started = System.nanoTime();
    try {
      if (revision > 0) {
        try {
          revision = bucket.update(key, holder, revision);
          writtenAt = started;
          return true;
        } catch (JetStreamApiException lost) {
          log.warn("lost the lease {}: {}", key, lost.getMessage());
          revision = 0;
        }
      }
      revision = bucket.create(key, holder);
      writtenAt = started;
      log.info("took the lease {}", key);
      return true;
    } catch (JetStreamApiException taken) {
      revision = 0;
      return false;
    } catch (IOException | RuntimeException e) {
      log.debug("could not take or renew the lease {}: {}", key, e.getMessage());
      return held();
    }
  }

  @Override
  public synchronized boolean held() {
    return revision > 0 && System.nanoTime() - writtenAt < holdNanos;
  }

  @Override
  public synchronized void release() {
    if (revision == 0) {
      return;
    }
    try {
      bucket.delete(key, revision);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.debug("could not release the lease {}: {}", key, e.getMessage());
    }
    revision = 0;
  }
}
