package dev.nis.common.jetstream;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.proto.v1.EnrollmentOp;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.util.List;

/**
 * The enrollment log on its JetStream stream. Each entry's Nats-Msg-Id is made of the batch's dedup
 * key and the entry's content, so a batch derived again after a crash (possibly in another order,
 * or with fewer entries) is still recognised entry by entry.
 */
public final class JetStreamEnrollmentLog implements EnrollmentLog {
  private final JetStream jetStream;
  private final JetStreamContract contract;

  public JetStreamEnrollmentLog(Connection connection, JetStreamContract contract)
      throws IOException {
    this.jetStream = connection.jetStream();
    this.contract = contract;
  }

  @Override
  public void append(String dedupKey, List<EnrollmentChange> changes) {
    try {
      for (EnrollmentChange change : changes) {
        jetStream.publish(
            NatsMessage.builder()
                .subject(contract.enrollmentSubject())
                .data(EnrollmentCodec.encode(change))
                .build(),
            PublishOptions.builder()
                .messageId(messageId(dedupKey, change))
                .expectedStream(contract.enrollmentStream())
                .build());
      }
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      throw new DependencyUnavailableException("nats", e);
    }
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
            op.getReason());
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new PoisonMessageException("undecodable enrollment op", e);
      }
    }
  }
}
