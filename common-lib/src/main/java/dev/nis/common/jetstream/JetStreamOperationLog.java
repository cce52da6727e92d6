package dev.nis.common.jetstream;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.util.Optional;

/**
 * Operation states in the JetStream key-value bucket of the contract, one key per operation. An
 * operation that asked for enrollments is written by the command's applier (its outcome) and by
 * both services' enrollment appliers (their verdicts), on any replica: those writes read the key
 * and write it back on the condition that no one wrote in between (JetStream's expected last
 * subject sequence), merging again when someone did, so that no verdict is lost.
 */
public final class JetStreamOperationLog implements OperationLog {
  /** JetStream's answer to a create of a key that already has a value. */
  private static final int WRONG_LAST_SEQUENCE = 10071;

  /**
   * Conditional writes of one operation before giving up: at most one per enrollment it asked for
   * per side (60 + 1 outcome) can race, each losing at most once to each other.
   */
  private static final int MAX_ATTEMPTS = 128;

  private static final long NO_EXPECTATION = -1;

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
      if (outcome.enrollments().isEmpty()) {
        // no side records a verdict on this operation: nothing to keep, one write
        publish(outcome, false, NO_EXPECTATION);
        return;
      }
      merged(outcome, false);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Operation recordOutcomeOnce(Operation outcome) {
    try {
      return merged(outcome, true);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  /**
   * Writes the outcome over the key's state on the condition that no one wrote in between, keeping
   * the verdicts stored; with {@code keepFinal}, a final state stored already is kept as it is.
   * Returns the state stored after.
   */
  private Operation merged(Operation outcome, boolean keepFinal)
      throws IOException, JetStreamApiException {
    for (int attempt = 1; ; attempt++) {
      Optional<KeyValueEntry> current = entry(outcome.id());
      Optional<Operation> stored = current.map(JetStreamOperationLog::decode);
      if (keepFinal && stored.isPresent() && stored.get().state().isFinal()) {
        return stored.get();
      }
      Operation merged = stored.map(outcome::keepingVerdictsOf).orElse(outcome);
      long revision = current.map(KeyValueEntry::getRevision).orElse(NO_EXPECTATION);
      if (!written(merged, false, revision, attempt)) {
        continue;
      }
      if (merged.settled() && !merged.enrollments().isEmpty()) {
        // every side decided before the outcome was written: the settling write the event
        // stream reports as operation.settled is this one's twin
        recordSettling(merged);
      }
      return merged;
    }
  }

  private void recordSettling(Operation settled) throws IOException, JetStreamApiException {
    for (int attempt = 1; ; attempt++) {
      Optional<KeyValueEntry> current = entry(settled.id());
      if (current.isEmpty()) {
        return;
      }
      if (written(decode(current.get()), true, current.get().getRevision(), attempt)) {
        return;
      }
    }
  }

  @Override
  public void recordVerdict(
      OperationId id,
      String courseId,
      String studentId,
      EnrollmentOutcome.Side side,
      Optional<String> compensation) {
    try {
      for (int attempt = 1; ; attempt++) {
        Optional<KeyValueEntry> current = entry(id);
        if (current.isEmpty()) {
          return; // expired from the bucket (or never accepted): no one can read it any more
        }
        Operation operation = decode(current.get());
        boolean decided =
            operation.enrollments().stream()
                .anyMatch(e -> e.concerns(courseId, studentId) && e.status().isFinal());
        if (decided) {
          return; // the other side decided it, or this verdict is a redelivery's
        }
        Operation updated = operation.withVerdict(courseId, studentId, side, compensation);
        if (written(updated, true, current.get().getRevision(), attempt)) {
          return;
        }
      }
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  /**
   * Publishes the state, on the condition that the key is still at {@code revision} (unless {@link
   * #NO_EXPECTATION}): false when another writer came first, and the caller merges again.
   */
  private boolean written(Operation state, boolean verdictUpdate, long revision, int attempt)
      throws IOException, JetStreamApiException {
    try {
      publish(state, verdictUpdate, revision);
      return true;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE || attempt >= MAX_ATTEMPTS) {
        throw e;
      }
      return false;
    }
  }

  private void publish(Operation state, boolean verdictUpdate, long revision)
      throws IOException, JetStreamApiException {
    PublishOptions.Builder options = PublishOptions.builder();
    if (revision != NO_EXPECTATION) {
      options.expectedLastSubjectSequence(revision);
    }
    // what KeyValue.put publishes, plus the request id (put takes no headers), so that the
    // event stream can name the request of an outcome (JetStreamEventFeed)
    jetStream.publish(
        NatsMessage.builder()
            .subject(subjectPrefix + state.id())
            .headers(JetStreamEnrollmentLog.requestIdHeader())
            .data(OperationCodec.encode(state, verdictUpdate))
            .build(),
        options.build());
  }

  private Optional<KeyValueEntry> entry(OperationId id) throws IOException, JetStreamApiException {
    KeyValueEntry entry = bucket.get(id.toString());
    return entry == null || entry.getOperation() != KeyValueOperation.PUT
        ? Optional.empty()
        : Optional.of(entry);
  }

  private static Operation decode(KeyValueEntry entry) {
    try {
      return OperationCodec.decode(entry.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "operation " + entry.getKey() + " is stored in an unknown form", e);
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
