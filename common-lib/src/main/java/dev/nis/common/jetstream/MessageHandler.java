package dev.nis.common.jetstream;

import io.nats.client.Message;

/** What a {@link PartitionedConsumer} does with each message. */
public interface MessageHandler {
  /**
   * Applies one message and acks it (through its {@link dev.nis.common.application.Delivery}),
   * last. Throwing {@link dev.nis.common.application.DependencyUnavailableException} redelivers it
   * later, without limit; {@link PoisonMessageException} dead-letters it at once; any other
   * exception redelivers it until the poison limit, then dead-letters it.
   */
  void handle(Message message);

  /** Called once a message is dead-lettered, e.g. to record its operation as rejected. */
  void onDeadLetter(Message message, String reason);
}
