package dev.nis.common.jetstream;

import dev.nis.common.application.EnrollmentApplier;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound queue adapter of the enrollment log for one side: decodes each entry and hands it to
 * the side's {@link EnrollmentApplier}, one at a time per partition, in log order. An entry without
 * an entry id (its Nats-Msg-Id, which every append sets) cannot be guarded, so it is poison.
 */
public final class EnrollmentConsumer implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(EnrollmentConsumer.class);

  private final EnrollmentApplier<?, ?> applier;

  public EnrollmentConsumer(EnrollmentApplier<?, ?> applier) {
    this.applier = applier;
  }

  @Override
  public void handle(Message message) {
    if (message.getHeaders() == null
        || message.getHeaders().getFirst(JetStreamDelivery.MSG_ID) == null) {
      throw new PoisonMessageException("enrollment log entry without an entry id", null);
    }
    applier.apply(
        new JetStreamDelivery<>(JetStreamEnrollmentLog.decode(message.getData()), message));
  }

  @Override
  public void onDeadLetter(Message message, String reason) {
    log.error(
        "enrollment log entry {} dead-lettered: {}", message.metaData().streamSequence(), reason);
  }
}
