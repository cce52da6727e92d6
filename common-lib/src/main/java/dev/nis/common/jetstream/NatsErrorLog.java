package dev.nis.common.jetstream;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.support.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jnats' asynchronous errors in the service's own JSON log: jnats' default listener writes them
 * with {@code java.util.logging}, in plain text, which breaks the one-JSON-object-per-line rule.
 */
final class NatsErrorLog implements ErrorListener {
  private static final Logger log = LoggerFactory.getLogger(NatsErrorLog.class);

  @Override
  public void errorOccurred(Connection connection, String error) {
    log.warn("NATS error: {}", error);
  }

  @Override
  public void exceptionOccurred(Connection connection, Exception exception) {
    log.warn("NATS exception: {}", exception.toString());
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
