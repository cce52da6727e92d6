package dev.nis.common.jetstream;

import dev.nis.common.application.EnrollmentApplier;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound queue adapter of the enrollment log for one side: decodes each entry and hands it to
 * the side's {@link EnrollmentApplier}, one at a time, in log order.
 */
public final class EnrollmentConsumer implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(EnrollmentConsumer.class);

  private final EnrollmentApplier<?, ?> applier;

  public EnrollmentConsumer(EnrollmentApplier<?, ?> applier) {
    this.applier = applier;
  }

  @Override
  public void handle(Message message) {
    applier.apply(
        new JetStreamDelivery<>(JetStreamEnrollmentLog.decode(message.getData()), message));
  }

  @Override
  public void onDeadLetter(Message message, String reason) {
    log.error(
        "enrollment log entry {} dead-lettered: {}", message.metaData().streamSequence(), reason);
  }
}
