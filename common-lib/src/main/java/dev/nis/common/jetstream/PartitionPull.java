package dev.nis.common.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.impl.AckType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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
  private static final byte[] NAK = "-NAK".getBytes(StandardCharsets.US_ASCII);

  /** Bounds each round trip to the server that {@link #drainForStop} makes. */
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(2);

  /**
   * One stopping round trip at a time in the process. A flush is a PING, and jnats counts a PING
   * beyond its {@code maxPingsOut} (2, its own keep-alive included) as a stale connection: it drops
   * and reconnects, losing the acks in flight. All partitions drain at once on SIGTERM, and their
   * concurrent flushes did exactly that (a CI run's GracefulShutdownIT: "Max outgoing Ping count
   * exceeded", then 2 commands left unacknowledged).
   */
  private static final Semaphore ROUND_TRIPS = new Semaphore(1);

  /**
   * Past the open request's expiry by our clock, how long {@link #drainForStop} still listens: the
   * server checks a request's expiry against its own timer.
   */
  private static final Duration EXPIRY_MARGIN = Duration.ofMillis(50);

  private final Connection connection;
  private final JetStreamSubscription subscription;
  private final String durable;
  private int requested;

  /** When the last pull request was sent (nanoTime), 0 before the first. */
  private long requestedAt;

  /** The connection's reconnect count when this partition last looked. */
  private long reconnects;

  /** The last message this partition received, to hand it back again after a reconnect. */
  private Message last;

  PartitionPull(Connection connection, JetStreamSubscription subscription, String durable) {
    this.connection = connection;
    this.subscription = subscription;
    this.durable = durable;
    this.reconnects = connection.getStatistics().getReconnects();
  }

  /** Leaves the subscription, whose consumer is gone; what it fails with is of no more use. */
  void unsubscribe() {
    try {
      subscription.unsubscribe();
    } catch (RuntimeException e) {
      log.debug("{}: leaving its old subscription: {}", durable, e.toString());
    }
  }

  /** The next message within {@code wait}, or null; asks JetStream for more when due. */
  Message next(Duration wait) throws InterruptedException {
    long reconnected = connection.getStatistics().getReconnects();
    if (reconnected != reconnects) {
      reconnects = reconnected;
      afterReconnect();
    }
    if (requested == 0 || System.nanoTime() - requestedAt >= EXPIRES.toNanos()) {
      subscription.pullExpiresIn(BATCH, EXPIRES);
      requested = BATCH;
      requestedAt = System.nanoTime();
    }
    Message message = subscription.nextMessage(wait);
    if (message != null && message.isJetStream()) {
      requested--;
      last = message;
      return message;
    }
    return null;
  }

  /**
   * After the connection came back: a new pull request at once, since a server that restarted has
   * forgotten the open one; and the last message, if it was handed back (nak, by {@link #release}
   * or after a failed apply), handed back again. A restarted nats-server keeps such a message
   * pending in the consumer's stored state but not in its queue of messages to send again, and
   * looks at the pending ones only 0.5–1.5 s after it started (nats-server 2.9's {@code
   * consumer.applyState}), while the partition, at one message in flight, waits: in this project's
   * recovery test that made applying resume 1.5–1.8 s after NATS returned, 5.3 s once in CI.
   *
   * <p>The nak is published to the message's reply subject rather than sent with {@link
   * Message#nak}: jnats counts a nak as the delivery's last word ({@code AckType.AckNak} is
   * terminal) and silently sends no second one. A nak the server has acted on already changes
   * nothing (the message is no longer pending) or, if another replica holds the message at that
   * moment, has it sent once more, which applying makes harmless (I4).
   */
  private void afterReconnect() {
    requested = 0;
    Message handedBack = last;
    last = null;
    if (handedBack != null && handedBack.lastAck() == AckType.AckNak) {
      try {
        connection.publish(handedBack.getReplyTo(), NAK);
        log.debug(
            "{}: handing back stream sequence {} again after a reconnect",
            durable,
            handedBack.metaData().streamSequence());
      } catch (RuntimeException e) {
        log.warn(
            "{}: could not hand back a message after a reconnect: {}", durable, e.getMessage());
      }
    }
  }

  /**
   * When the partition's loop ends: applies ({@code handler}) what JetStream still sends into the
   * open request, until that request has expired, so that nothing sent to this subscription is left
   * unread and the stop leaves no message held: a drain, as NATS' own {@code drain} of a
   * subscription processes what was delivered before it unsubscribes. Handing such a message back
   * (nak) does not do: a nak'd message counts as pending on the consumer until it is delivered
   * again, which on the last replica is after a restart (seen in CI: GracefulShutdownIT's "no
   * command left half-applied"); and while the request is open it comes straight back into it.
   *
   * <p>When the open request expires is known only to the server, which counts from the moment the
   * request reached it, and a loaded machine can hold a request in the client's buffer for a while;
   * so the expiry is bounded by round trips rather than by our clock. A PING answered ({@code
   * flush}) after our last request was sent proves that the server has it, so it expires at the
   * latest {@link #EXPIRES} after the answer. A second answer after that proves that whatever the
   * server sent before it is in this subscription's queue (one connection, in order), so the queue
   * is read empty. The open request brings at most {@value #BATCH} messages, so this takes at most
   * {@link #EXPIRES} plus two round trips plus their applying.
   */
  void drainForStop(Consumer<Message> handler) throws InterruptedException {
    requested = 0;
    boolean mayBeOpen = requestedAt != 0 && System.nanoTime() - requestedAt < 3 * EXPIRES.toNanos();
    if (mayBeOpen && roundTrip()) {
      long openUntil = System.nanoTime() + EXPIRES.toNanos() + EXPIRY_MARGIN.toNanos();
      for (long left = openUntil - System.nanoTime();
          left > 0;
          left = openUntil - System.nanoTime()) {
        // at least 1 ms: jnats reads a wait below a millisecond as 0, which waits without end
        handle(subscription.nextMessage(Duration.ofMillis(Math.max(1, left / 1_000_000))), handler);
      }
      roundTrip();
    }
    for (Message m = subscription.nextMessage(DRAIN_WAIT);
        m != null;
        m = subscription.nextMessage(DRAIN_WAIT)) {
      handle(m, handler);
    }
  }

  private void handle(Message message, Consumer<Message> handler) {
    if (message != null && message.isJetStream()) {
      log.debug(
          "{}: applying stream sequence {} while stopping",
          durable,
          message.metaData().streamSequence());
      handler.accept(message);
    }
  }

  /**
   * A PING answered by the server, which has then read everything sent before it; false (and
   * logged) when it did not answer, as when the connection is down: then the request dies with it.
   */
  private boolean roundTrip() throws InterruptedException {
    if (!ROUND_TRIPS.tryAcquire(FLUSH_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
      log.warn("{}: no turn to ask the server while stopping", durable);
      return false;
    }
    try {
      connection.flush(FLUSH_WAIT);
      return true;
    } catch (TimeoutException | RuntimeException e) {
      log.warn("{}: no answer from the server while stopping: {}", durable, e.getMessage());
      return false;
    } finally {
      ROUND_TRIPS.release();
    }
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
        last = m;
      }
    }
  }
}
