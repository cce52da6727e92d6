package dev.nis.common.jetstream;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.LogPositions;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@link LogPositions} from JetStream's own records: the last message of the pair's partition
 * subject, and both services' durable consumers of that partition (nothing stored for them to
 * deliver, nothing delivered unacked, the last entry acked). A consumer acks an entry only after
 * applying it (and appending its compensation, which would then be pending), so a settled partition
 * has been applied by both sides alike.
 */
public final class JetStreamLogPositions implements LogPositions {
  /** JetStream's API error code for "no message found" (JSNoMessageFoundErr). */
  private static final int NO_MESSAGE = 10037;

  private final JetStreamManagement management;
  private final JetStreamContract contract;
  private final List<ConsumerSpec> appliers;

  public JetStreamLogPositions(Connection connection, JetStreamContract contract)
      throws IOException {
    this.management = connection.jetStreamManagement();
    this.contract = contract;
    this.appliers =
        List.of(contract.enrollmentConsumer("courses"), contract.enrollmentConsumer("students"));
  }

  @Override
  public OptionalLong settled(String courseId, String studentId) {
    int partition = Partitions.ofPair(courseId, studentId);
    try {
      long last = lastSequence(contract.enrollmentSubject(partition));
      for (ConsumerSpec applier : appliers) {
        ConsumerInfo info =
            management.getConsumerInfo(contract.enrollmentStream(), applier.durable(partition));
        boolean done =
            info.getNumPending() == 0
                && info.getNumAckPending() == 0
                && (last == 0 || info.getAckFloor().getStreamSequence() >= last);
        if (!done) {
          return OptionalLong.empty();
        }
      }
      return OptionalLong.of(last);
    } catch (IOException | JetStreamApiException e) {
      throw new DependencyUnavailableException("nats", e);
    }
  }

  private long lastSequence(String subject) throws IOException, JetStreamApiException {
    try {
      return management.getLastMessage(contract.enrollmentStream(), subject).getSeq();
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == NO_MESSAGE) {
        return 0;
      }
      throw e;
    }
  }
}
