package dev.nis.common.jetstream;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.MessageGetRequest;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Operation states in the JetStream key-value bucket of the contract, one key per operation. An
 * operation that asked for enrollments is written by the command's applier (its outcome) and by
 * both services' enrollment appliers (their verdicts), on any replica: those writes read the key
 * and write it back on the condition that no one wrote in between (JetStream's expected last
 * subject sequence), merging again when someone did, so that no verdict is lost.
 *
 * <p>On a JetStream cluster that condition alone does not hold on NATS 2.9 before 2.9.21: the
 * stream leader checks it before proposing the write, not when the write is applied, so two writes
 * that read the same revision at the same time are both stored, the later erasing the earlier
 * (nats-server#4320). An outcome erased by a verdict left its operation pending for good (issue 14,
 * ClusterFailoverIT). So each conditional write also carries a message id made of the key and the
 * revision it expects: of two writes that expect the same revision, JetStream stores the first and
 * drops the second as a duplicate (message ids are checked where writes are applied, in order), and
 * the second's writer merges again. The writes read the key from the stream's leader, not from any
 * replica (the bucket allows direct gets, which a follower a little behind answers): an operation
 * read as absent by a lagging follower would lose its verdict.
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

  /** How long a read of the stream's leader may take: jnats' default for JetStream requests. */
  private static final Duration LEADER_READ_TIMEOUT = JetStreamOptions.DEFAULT_TIMEOUT;

  /** How long a write may wait for the bucket's ack: jnats' default for JetStream requests. */
  private static final Duration PUBLISH_TIMEOUT = JetStreamOptions.DEFAULT_TIMEOUT;

  /** JetStream's answer to a message get of a subject that has no message. */
  private static final int NO_MESSAGE_FOUND = 10037;

  private final Connection connection;
  private final KeyValue bucket;
  private final String streamName;
  private final String subjectPrefix;

  public JetStreamOperationLog(Connection connection, JetStreamContract contract)
      throws IOException {
    this.connection = connection;
    this.bucket = connection.keyValue(contract.operationsBucket());
    this.streamName = "KV_" + contract.operationsBucket();
    this.subjectPrefix = "$KV." + contract.operationsBucket() + ".";
  }

  @Override
  public void markPending(Operation pending) {
    try {
      // what KeyValue.create publishes, without a timer for the wait (AckedPublish); create's
      // fallback for a key whose last entry is a delete marker is not needed: no operation's key
      // is deleted (records leave the bucket by its age limit, which leaves no marker)
      Headers headers = new Headers();
      headers.put(NatsJetStreamConstants.EXPECTED_LAST_SUB_SEQ_HDR, "0");
      AckedPublish.publish(
          connection,
          NatsMessage.builder()
              .subject(subjectPrefix + pending.id())
              .headers(headers)
              .data(OperationCodec.encode(pending))
              .build(),
          PUBLISH_TIMEOUT);
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
      Latest latest = latest(outcome.id());
      Optional<Operation> stored = latest.entry().map(JetStreamOperationLog::decode);
      if (keepFinal && stored.isPresent() && stored.get().state().isFinal()) {
        return stored.get();
      }
      Operation merged = stored.map(outcome::keepingVerdictsOf).orElse(outcome);
      if (!written(merged, false, latest.revision(), attempt)) {
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
      Optional<KeyValueEntry> current = latest(settled.id()).entry();
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
      EnrollmentChange.Kind kind,
      String courseId,
      String studentId,
      EnrollmentOutcome.Side side,
      Optional<String> compensation) {
    try {
      for (int attempt = 1; ; attempt++) {
        Optional<KeyValueEntry> current = latest(id).entry();
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
        Operation updated = operation.withVerdict(kind, courseId, studentId, side, compensation);
        if (updated == operation) {
          return; // a change this operation does not follow (a PUT's or a delete's REMOVE)
        }
        if (written(updated, true, current.get().getRevision(), attempt)) {
          return;
        }
      }
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  /**
   * Publishes the state, on the condition that the key is still at {@code revision} (0: has no
   * message; unless {@link #NO_EXPECTATION}): false when another writer came first, and the caller
   * merges again.
   */
  private boolean written(Operation state, boolean verdictUpdate, long revision, int attempt)
      throws IOException, JetStreamApiException {
    try {
      if (!publish(state, verdictUpdate, revision).isDuplicate()) {
        return true;
      }
      // another write that expected this revision was stored first (see the class comment)
      if (attempt >= MAX_ATTEMPTS) {
        throw new IOException(
            "operation " + state.id() + ": " + attempt + " conditional writes lost their race");
      }
      return false;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE || attempt >= MAX_ATTEMPTS) {
        throw e;
      }
      return false;
    }
  }

  private PublishAck publish(Operation state, boolean verdictUpdate, long revision)
      throws IOException, JetStreamApiException {
    // what KeyValue.put publishes, plus the request id (put takes no headers), so that the
    // event stream can name the request of an outcome (JetStreamEventFeed)
    Headers headers = JetStreamEnrollmentLog.requestIdHeader();
    if (revision != NO_EXPECTATION) {
      headers.put(NatsJetStreamConstants.EXPECTED_LAST_SUB_SEQ_HDR, Long.toString(revision));
      headers.put(NatsJetStreamConstants.MSG_ID_HDR, state.id() + "@" + revision);
    }
    return AckedPublish.publish(
        connection,
        NatsMessage.builder()
            .subject(subjectPrefix + state.id())
            .headers(headers)
            .data(OperationCodec.encode(state, verdictUpdate))
            .build(),
        PUBLISH_TIMEOUT);
  }

  /**
   * The key's last message as the stream's leader holds it: its revision (0 when the key has none)
   * and its value when that is a put. jnats reads a bucket that allows direct gets from any
   * replica, so this asks the leader's message get API itself.
   */
  private Latest latest(OperationId id) throws IOException, JetStreamApiException {
    Message reply;
    try {
      reply =
          connection.request(
              "$JS.API.STREAM.MSG.GET." + streamName,
              MessageGetRequest.lastForSubject(subjectPrefix + id).serialize(),
              LEADER_READ_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading operation " + id, e);
    }
    if (reply == null) {
      throw new IOException("the leader of " + streamName + " did not answer");
    }
    // jnats' own parsing of a message get reply (its constructor is public, though meant for
    // jnats itself); JetStreamManagement.getLastMessage would go to any replica, as bucket.get does
    MessageInfo info = new MessageInfo(reply, streamName, false);
    if (info.hasError()) {
      if (info.getApiErrorCode() == NO_MESSAGE_FOUND) {
        return new Latest(0, Optional.empty());
      }
      throw new JetStreamApiException(info);
    }
    KeyValueEntry entry = new KeyValueEntry(info);
    return new Latest(
        entry.getRevision(),
        entry.getOperation() == KeyValueOperation.PUT ? Optional.of(entry) : Optional.empty());
  }

  /** A key's last revision (0: none) and its value when that revision is a put. */
  private record Latest(long revision, Optional<KeyValueEntry> entry) {}

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
