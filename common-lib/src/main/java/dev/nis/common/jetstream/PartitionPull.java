package dev.nis.common.jetstream;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition's pull requests on its durable consumer: a request for up to {@value #BATCH}
 * messages that expires after {@link #EXPIRES}, renewed when it is used up or has expired. With
 * {@code max_ack_pending = 1} JetStream sends the partition's next message into the open request as
 * soon as the last one is acked, without a request in between; the short expiry bounds how long a
 * request outlives a lost connection (a NATS server that restarted has forgotten it) or a process
 * that died (JetStream may offer it a redelivery, which then waits out another ack wait).
 *
 * <p>Written on jnats' classic pull subscription rather than its simplified consumer API, whose
 * stopped consumers keep re-subscribing after missed heartbeats and then hold messages nobody
 * reads. Used by one thread only.
 */
final class PartitionPull {
  private static final Logger log = LoggerFactory.getLogger(PartitionPull.class);
  static final int BATCH = 8;
  static final Duration EXPIRES = Duration.ofSeconds(1);
  private static final Duration DRAIN_WAIT = Duration.ofMillis(5);

  /**
   * Past the open request's expiry by our clock, how long {@link #releaseForStop} still listens:
   * JetStream counts the expiry from when the request reached it.
   */
  private static final Duration EXPIRY_MARGIN = Duration.ofMillis(100);

  private final JetStreamSubscription subscription;
  private final String durable;
  private int requested;
  private long requestedAt;

  PartitionPull(JetStreamSubscription subscription, String durable) {
    this.subscription = subscription;
    this.durable = durable;
  }

  /** The next message within {@code wait}, or null; asks JetStream for more when due. */
  Message next(Duration wait) throws InterruptedException {
    if (requested == 0 || System.nanoTime() - requestedAt >= EXPIRES.toNanos()) {
      subscription.pullExpiresIn(BATCH, EXPIRES);
      requested = BATCH;
      requestedAt = System.nanoTime();
    }
    Message message = subscription.nextMessage(wait);
    if (message != null && message.isJetStream()) {
      requested--;
      return message;
    }
    return null;
  }

  /**
   * When the partition's loop ends: hands back (nak) whatever arrives until the open request has
   * expired, so that nothing reaches this subscription after its last read. JetStream sends the
   * partition's next message into an open request as soon as the last is acked (or a command is
   * published meanwhile); one that arrived after a short drain stayed unacknowledged until the ack
   * wait (seen in CI: GracefulShutdownIT's "no command left half-applied"). Takes at most {@link
   * #EXPIRES} plus a margin.
   */
  void releaseForStop() throws InterruptedException {
    long openUntil = requestedAt + EXPIRES.toNanos() + EXPIRY_MARGIN.toNanos();
    boolean open = requested > 0;
    requested = 0;
    while (true) {
      long left = openUntil - System.nanoTime();
      // at least 1 ms: jnats reads a wait below a millisecond as 0, which waits without end
      Message m =
          subscription.nextMessage(
              open && left > 0 ? Duration.ofMillis(Math.max(1, left / 1_000_000)) : DRAIN_WAIT);
      if (m == null) {
        if (!open || left <= 0) {
          break;
        }
      } else if (m.isJetStream()) {
        log.debug("{}: handing back stream sequence {}", durable, m.metaData().streamSequence());
        m.nak();
      }
    }
    requestedAt = System.nanoTime() - EXPIRES.toNanos();
  }

  /**
   * Asks for nothing more and hands back (nak: redelivered at once, to any replica) what the open
   * request still brings, while applying must wait for a dependency.
   */
  void release() throws InterruptedException {
    requested = 0;
    for (Message m = subscription.nextMessage(DRAIN_WAIT);
        m != null;
        m = subscription.nextMessage(DRAIN_WAIT)) {
      if (m.isJetStream()) {
        log.debug("{}: handing back stream sequence {}", durable, m.metaData().streamSequence());
        m.nak();
      }
    }
    requestedAt = System.nanoTime() - EXPIRES.toNanos();
  }
}
