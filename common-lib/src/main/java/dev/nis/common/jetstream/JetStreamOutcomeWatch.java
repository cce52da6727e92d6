package dev.nis.common.jetstream;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.application.OperationOutcomes;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.ValidationException;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
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
 */
public final class JetStreamOutcomeWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JetStreamOutcomeWatch.class);

  /** The header JetStream's key-value API sets on a delete or purge of a key. */
  private static final String KV_OPERATION = "KV-Operation";

  private final Connection connection;
  private final Dispatcher dispatcher;
  private final String subjectPrefix;
  private final OperationOutcomes outcomes;

  public JetStreamOutcomeWatch(
      Connection connection, JetStreamContract contract, OperationOutcomes outcomes) {
    this.connection = connection;
    this.subjectPrefix = "$KV." + contract.operationsBucket() + ".";
    this.outcomes = outcomes;
    this.dispatcher = connection.createDispatcher(this::onWrite);
    dispatcher.subscribe(subjectPrefix + "*");
  }

  private void onWrite(Message message) {
    if (!outcomes.awaitsAny() || isDeleteMarker(message)) {
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
    if (connection.getStatus() != Connection.Status.CLOSED) {
      connection.closeDispatcher(dispatcher);
    }
  }
}
