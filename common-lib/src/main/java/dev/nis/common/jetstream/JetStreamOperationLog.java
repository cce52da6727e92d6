package dev.nis.common.jetstream;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.util.Optional;

/** Operation states in the JetStream key-value bucket of the contract, one key per operation. */
public final class JetStreamOperationLog implements OperationLog {
  /** JetStream's answer to a create of a key that already has a value. */
  private static final int WRONG_LAST_SEQUENCE = 10071;

  private final KeyValue bucket;
  private final JetStream jetStream;
  private final String subjectPrefix;

  public JetStreamOperationLog(Connection connection, JetStreamContract contract)
      throws IOException {
    this.bucket = connection.keyValue(contract.operationsBucket());
    this.jetStream = connection.jetStream();
    this.subjectPrefix = "$KV." + contract.operationsBucket() + ".";
  }

  @Override
  public void markPending(Operation pending) {
    try {
      bucket.create(pending.id().toString(), OperationCodec.encode(pending));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
        throw unavailable(e);
      }
    } catch (IOException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  @Override
  public void recordOutcome(Operation outcome) {
    try {
      // what KeyValue.put publishes, plus the request id (put takes no headers), so that the
      // event stream can name the request of an outcome (JetStreamEventFeed)
      jetStream.publish(
          NatsMessage.builder()
              .subject(subjectPrefix + outcome.id())
              .headers(JetStreamEnrollmentLog.requestIdHeader())
              .data(OperationCodec.encode(outcome))
              .build());
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Optional<Operation> find(OperationId id) {
    try {
      KeyValueEntry entry = bucket.get(id.toString());
      if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
        return Optional.empty();
      }
      return Optional.of(OperationCodec.decode(entry.getValue()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("operation " + id + " is stored in an unknown form", e);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  private static DependencyUnavailableException unavailable(Exception e) {
    return new DependencyUnavailableException("nats", e);
  }
}
