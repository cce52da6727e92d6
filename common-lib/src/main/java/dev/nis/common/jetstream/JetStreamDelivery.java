package dev.nis.common.jetstream;

import dev.nis.common.application.Delivery;
import io.nats.client.Message;

/**
 * A JetStream message as the appliers see it: the decoded payload, its stream sequence, its ack.
 */
record JetStreamDelivery<T>(T payload, Message message) implements Delivery<T> {
  static final String MSG_ID = "Nats-Msg-Id";

  @Override
  public long sequence() {
    return message.metaData().streamSequence();
  }

  @Override
  public String messageId() {
    String id = message.getHeaders() == null ? null : message.getHeaders().getFirst(MSG_ID);
    return id == null ? "" : id;
  }

  @Override
  public boolean redelivered() {
    return message.metaData().deliveredCount() > 1;
  }

  @Override
  public void ack() {
    message.ack();
  }
}
