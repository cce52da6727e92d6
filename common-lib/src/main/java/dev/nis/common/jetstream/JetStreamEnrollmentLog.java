package dev.nis.common.jetstream;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.tracing.Tracing;
import dev.nis.proto.v1.EnrollmentOp;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;

/**
 * The enrollment log on its JetStream stream, partitioned by (course, student) pair. Each entry's
 * Nats-Msg-Id, its entry id, is made of the batch's dedup key and the entry's content, so a batch
 * derived again after a crash (possibly in another order, or with fewer entries) is still
 * recognised entry by entry: by JetStream inside its duplicate window, and after it by each side's
 * {@link dev.nis.common.application.port.out.EnrollmentInbox}.
 *
 * <p>A batch's entries are published without waiting for each other's acks, then all acks are
 * awaited: one round trip for the batch. They go out on one connection in order, so JetStream
 * stores each pair's entries in the order given.
 */
public final class JetStreamEnrollmentLog implements EnrollmentLog {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
  private static final AttributeKey<String> ENTRY_KIND =
      AttributeKey.stringKey("nis.enrollment.kind");

  /**
   * JetStream's API error code for a failed expected-last-sequence check
   * (JSStreamWrongLastSequenceErrF).
   */
  private static final int WRONG_LAST_SEQUENCE = 10071;

  private final Connection connection;
  private final JetStreamContract contract;
  private final Tracing tracing;

  public JetStreamEnrollmentLog(Connection connection, JetStreamContract contract)
      throws IOException {
    this(connection, contract, Tracing.off());
  }

  /** As above, each entry's publish a producer span whose context the entry carries. */
  public JetStreamEnrollmentLog(Connection connection, JetStreamContract contract, Tracing tracing)
      throws IOException {
    this.connection = connection;
    this.contract = contract;
    this.tracing = tracing;
  }

  @Override
  public void append(String dedupKey, List<EnrollmentChange> changes) {
    List<CompletableFuture<Message>> acks = new ArrayList<>(changes.size());
    List<String> subjects = new ArrayList<>(changes.size());
    List<Span> spans = new ArrayList<>(changes.size());
    try {
      for (EnrollmentChange change : changes) {
        String subject = contract.enrollmentSubjectOf(change.courseId(), change.studentId());
        String messageId = messageId(dedupKey, change);
        Headers headers = requestIdHeader();
        spans.add(
            MessageTracing.publish(
                    tracing, contract.enrollmentStream(), subject, messageId, headers)
                .setAttribute(ENTRY_KIND, change.kind().toString()));
        headers.put(NatsJetStreamConstants.MSG_ID_HDR, messageId);
        headers.put(NatsJetStreamConstants.EXPECTED_STREAM_HDR, contract.enrollmentStream());
        subjects.add(subject);
        acks.add(
            AckedPublish.send(
                connection,
                NatsMessage.builder()
                    .subject(subject)
                    .headers(headers)
                    .data(EnrollmentCodec.encode(change))
                    .build(),
                ACK_TIMEOUT));
      }
      for (int i = 0; i < acks.size(); i++) {
        AckedPublish.acknowledgement(acks.get(i), subjects.get(i), ACK_TIMEOUT);
      }
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      spans.forEach(span -> span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName()));
      throw new DependencyUnavailableException("nats", e);
    } finally {
      spans.forEach(Span::end);
    }
  }

  /**
   * Publishes with JetStream's expected last subject sequence (the partition's subject), which the
   * server checks and stores atomically: a "wrong last sequence" refusal means the partition moved
   * on.
   */
  @Override
  public boolean appendIfPartitionAt(long position, String dedupKey, EnrollmentChange change) {
    try {
      Headers headers = requestIdHeader();
      headers.put(NatsJetStreamConstants.MSG_ID_HDR, messageId(dedupKey, change));
      headers.put(NatsJetStreamConstants.EXPECTED_STREAM_HDR, contract.enrollmentStream());
      headers.put(NatsJetStreamConstants.EXPECTED_LAST_SUB_SEQ_HDR, Long.toString(position));
      AckedPublish.publish(
          connection,
          NatsMessage.builder()
              .subject(contract.enrollmentSubjectOf(change.courseId(), change.studentId()))
              .headers(headers)
              .data(EnrollmentCodec.encode(change))
              .build(),
          ACK_TIMEOUT);
      return true;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
        return false;
      }
      throw new DependencyUnavailableException("nats", e);
    } catch (IOException | RuntimeException e) {
      throw new DependencyUnavailableException("nats", e);
    }
  }

  /**
   * The request that led to the entry (the apply path runs with the command's request id in the
   * MDC, see {@link MessageDisposition}), so that the event stream can name it.
   */
  static Headers requestIdHeader() {
    Headers headers = new Headers();
    String requestId = MDC.get("request_id");
    if (requestId != null) {
      headers.put(MessageDisposition.REQUEST_ID_HEADER, requestId);
    }
    return headers;
  }

  static String messageId(String dedupKey, EnrollmentChange change) {
    return dedupKey + ":" + change.kind() + ":" + change.courseId() + ":" + change.studentId();
  }

  /** The change carried by a message of the enrollment log. */
  public static EnrollmentChange decode(byte[] data) {
    return EnrollmentCodec.decode(data);
  }

  /** Maps changes to and from {@link EnrollmentOp}. */
  static final class EnrollmentCodec {
    private EnrollmentCodec() {}

    static byte[] encode(EnrollmentChange change) {
      return EnrollmentOp.newBuilder()
          .setKind(EnrollmentOp.Kind.valueOf(change.kind().name()))
          .setCourseId(change.courseId())
          .setStudentId(change.studentId())
          .setOperationId(change.operationId())
          .setReason(change.reason())
          .setCompensatedOperationId(change.compensatedOperationId())
          .build()
          .toByteArray();
    }

    static EnrollmentChange decode(byte[] data) {
      try {
        EnrollmentOp op = EnrollmentOp.parseFrom(data);
        if (op.getKind() != EnrollmentOp.Kind.ADD && op.getKind() != EnrollmentOp.Kind.REMOVE) {
          throw new PoisonMessageException("enrollment op without a kind", null);
        }
        return new EnrollmentChange(
            EnrollmentChange.Kind.valueOf(op.getKind().name()),
            op.getCourseId(),
            op.getStudentId(),
            op.getOperationId(),
            op.getReason(),
            op.getCompensatedOperationId());
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new PoisonMessageException("undecodable enrollment op", e);
      }
    }
  }
}
