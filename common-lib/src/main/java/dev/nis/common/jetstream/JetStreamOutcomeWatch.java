package dev.nis.common.jetstream;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.application.OperationOutcomes;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.ValidationException;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the requests of this process that wait for an operation ({@code Prefer: wait}) as soon as
 * any replica writes a final outcome of it to the operations bucket, to read the bucket at once: a
 * plain NATS subscription to the bucket's subjects ({@code $KV.<bucket>.<operation id>}), which
 * sees every write to a key go by, from any server of a cluster. It sees a write as it is sent, not
 * as JetStream stores it (a conditional write JetStream refuses goes by too), so it only wakes the
 * request ({@link OperationOutcomes#writtenToTheBucket}); the bucket is the answer.
 *
 * <p>Before it, a request whose command another replica applied learned the outcome only at its
 * next read of the bucket (at 0, 10, 30, 70 ms, then every 50 ms): with two students replicas,
 * sequential {@code Prefer: wait} creates took a median of 16–21 ms against 7–17 ms with the watch,
 * 16–17 against 7–11 ms once warm (bench/analysis.md, 2026-12-02). The subscription costs one
 * message per write of the bucket per replica, however many requests wait; a message is decoded
 * only when a request of this process waits for its operation. A plain subscription delivers at
 * most once (a reconnect may drop a message), so the waiting requests still read the bucket now and
 * then ({@code QueuedMutationResponder}).
 *
 * <p>It subscribes only while requests of this process wait ({@link
 * OperationOutcomes#onEachWatch}), and unsubscribes at the first write that goes by once none has
 * waited for {@link #DEFAULT_IDLE}. The bucket is shared by both services and written twice per
 * command (pending, then the outcome), so a subscription held for good made each replica of either
 * service take every write of both: under the sustained creates of 2026-12-04 about 7,000 messages
 * a second per service, each read, queued and handed to the dispatcher's thread to be dropped
 * (bench/analysis.md, "The bucket's watch only while requests wait"). A subscription begun by a
 * request's watch is sent ahead of that request's command on the same connection, so the server
 * this replica is connected to has it before the command reaches JetStream; in a cluster, where
 * another server may learn of it a moment later, the waiting requests' own reads of the bucket
 * cover a write it missed.
 */
public final class JetStreamOutcomeWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JetStreamOutcomeWatch.class);

  /** The header JetStream's key-value API sets on a delete or purge of a key. */
  private static final String KV_OPERATION = "KV-Operation";

  /** How long after the last request began waiting the subscription is kept. */
  static final Duration DEFAULT_IDLE = Duration.ofSeconds(10);

  private final Connection connection;
  private final Dispatcher dispatcher;
  private final String subjectPrefix;
  private final OperationOutcomes outcomes;
  private final long idleNanos;

  /** Guarded by {@code this}; null while not subscribed. */
  private Subscription subscription;

  /** Guarded by {@code this}: set by {@link #close}, after which nothing subscribes. */
  private boolean closed;

  /** Whether {@link #subscription} is held, for the waiting requests' unlocked look. */
  private volatile boolean subscribed;

  /** When a request of this process last began waiting ({@code nanoTime}). */
  private volatile long lastWatched;

  public JetStreamOutcomeWatch(
      Connection connection, JetStreamContract contract, OperationOutcomes outcomes) {
    this(connection, contract, outcomes, DEFAULT_IDLE);
  }

  /** As above, with how long the subscription outlives the last waiting request (a test's seam). */
  JetStreamOutcomeWatch(
      Connection connection,
      JetStreamContract contract,
      OperationOutcomes outcomes,
      Duration idle) {
    this.connection = connection;
    this.subjectPrefix = "$KV." + contract.operationsBucket() + ".";
    this.outcomes = outcomes;
    this.idleNanos = idle.toNanos();
    this.lastWatched = System.nanoTime() - idleNanos;
    this.dispatcher = connection.createDispatcher();
    outcomes.onEachWatch(this::watched);
  }

  /** Whether the bucket's writes are being watched now. */
  boolean subscribed() {
    return subscribed;
  }

  private void watched() {
    lastWatched = System.nanoTime();
    if (!subscribed) {
      subscribe();
    }
  }

  private synchronized void subscribe() {
    if (subscription == null && !closed) {
      try {
        subscription = dispatcher.subscribe(subjectPrefix + "*", this::onWrite);
      } catch (RuntimeException e) {
        // the connection is closing: the waiting requests still read the bucket now and then
        log.warn("could not watch the operations bucket: {}", e.getMessage());
      }
    }
    subscribed = subscription != null;
  }

  /**
   * Unsubscribes unless a request began waiting meanwhile: {@code subscribed} is cleared before the
   * waiters are looked at, and a request sets its time before it looks at {@code subscribed}, so
   * either this sees the request or the request sees the flag cleared and subscribes again.
   */
  private synchronized void unsubscribeIfIdle() {
    if (subscription == null) {
      return;
    }
    subscribed = false;
    if (outcomes.awaitsAny() || System.nanoTime() - lastWatched < idleNanos) {
      subscribed = true;
      return;
    }
    dispatcher.unsubscribe(subscription);
    subscription = null;
  }

  private void onWrite(Message message) {
    if (!outcomes.awaitsAny()) {
      if (System.nanoTime() - lastWatched >= idleNanos) {
        unsubscribeIfIdle();
      }
      return;
    }
    if (isDeleteMarker(message)) {
      return;
    }
    OperationId id;
    try {
      id = OperationId.parse(message.getSubject().substring(subjectPrefix.length()));
    } catch (ValidationException notAnOperation) {
      return;
    }
    if (!outcomes.awaits(id)) {
      return;
    }
    try {
      if (OperationCodec.decode(message.getData()).state().isFinal()) {
        outcomes.writtenToTheBucket(id);
      }
    } catch (InvalidProtocolBufferException e) {
      log.warn("operation {} is stored in an unknown form: {}", id, e.getMessage());
    }
  }

  private static boolean isDeleteMarker(Message message) {
    return message.hasHeaders() && message.getHeaders().containsKey(KV_OPERATION);
  }

  /** Unsubscribes; nothing to do once the connection is closed (jnats refuses it then). */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      subscription = null;
      subscribed = false;
    }
    if (connection.getStatus() != Connection.Status.CLOSED) {
      connection.closeDispatcher(dispatcher);
    }
  }
}
