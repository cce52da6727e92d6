package dev.nis.common.jetstream;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.support.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jnats' asynchronous errors in the service's log, at levels of ours: jnats' default listener logs
 * through {@code java.util.logging} (which reaches the JSON log too, see {@code
 * dev.nis.common.logging.JsonConsole}) at WARNING or SEVERE for every pull status, which the
 * partitioned consumers meet in their routine; here those are debug, and the rest warnings.
 */
final class NatsErrorLog implements ErrorListener {
  private static final Logger log = LoggerFactory.getLogger(NatsErrorLog.class);
  private final NatsOutageLog outage;

  /**
   * @param outage where a failed reconnect attempt goes (not a WARN each)
   */
  NatsErrorLog(NatsOutageLog outage) {
    this.outage = outage;
  }

  @Override
  public void errorOccurred(Connection connection, String error) {
    log.warn("NATS error: {}", error);
  }

  @Override
  public void exceptionOccurred(Connection connection, Exception exception) {
    outage.exception(exception);
  }

  @Override
  public void slowConsumerDetected(Connection connection, Consumer consumer) {
    log.warn("NATS slow consumer: messages are being dropped");
  }

  @Override
  public void pullStatusWarning(
      Connection connection, JetStreamSubscription subscription, Status status) {
    log.debug("JetStream pull status {}: {}", status.getCode(), status.getMessage());
  }

  @Override
  public void pullStatusError(
      Connection connection, JetStreamSubscription subscription, Status status) {
    log.warn("JetStream pull error {}: {}", status.getCode(), status.getMessage());
  }

  @Override
  public void unhandledStatus(
      Connection connection, JetStreamSubscription subscription, Status status) {
    log.debug("JetStream status {}: {}", status.getCode(), status.getMessage());
  }
}
