package dev.nis.common.jetstream;

import dev.nis.common.application.Delivery;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.time.Duration;

/**
 * A JetStream message as the appliers see it: the decoded payload, its stream sequence, its ack.
 *
 * @param ackRetryWithin how long {@link #ack} waits for a lost connection to return ({@link
 *     #ACK_RETRY_WITHIN}; longer in a test)
 */
record JetStreamDelivery<T>(T payload, Message message, Duration ackRetryWithin)
    implements Delivery<T> {
  static final String MSG_ID = "Nats-Msg-Id";

  JetStreamDelivery(T payload, Message message) {
    this(payload, message, ACK_RETRY_WITHIN);
  }

  /**
   * How long an ack waits for a lost connection to return: jnats tries another server every 250 ms
   * ({@link NatsConnector}); below the consumers' 4 s ack wait, after which JetStream redelivers
   * anyway.
   */
  static final Duration ACK_RETRY_WITHIN = Duration.ofSeconds(2);

  private static final Duration ACK_RETRY_PAUSE = Duration.ofMillis(20);

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
  public boolean reissue() {
    return message.getHeaders() != null
        && message.getHeaders().containsKey(JetStreamCommandQueue.REISSUE_HEADER);
  }

  @Override
  public boolean redelivered() {
    return message.metaData().deliveredCount() > 1;
  }

  /**
   * Acks, and when the connection is between two servers (its server gone: jnats buffers nothing
   * then, see {@link NatsConnector}, and the ack throws) sends the ack again once it is back, for
   * up to {@code ackRetryWithin}. JetStream routes an ack to the consumer's leader wherever that
   * is, so an ack sent after the reconnect settles the message if its leader lives on; without it,
   * the partition (one message at a time) waited for the ack wait and a redelivery. A try that
   * fails while the connection reads connected is made once more at once: the reconnect may have
   * finished between the try and the look (a CI run's JetStreamDeliveryIT threw there). Throws what
   * the last try threw when the connection did not return in time, is closed, or refused the ack
   * twice while connected.
   */
  @Override
  public void ack() {
    long deadline = System.nanoTime() + ackRetryWithin.toNanos();
    boolean triedConnected = false;
    while (true) {
      try {
        message.ack();
        return;
      } catch (IllegalStateException notSent) {
        Connection connection = message.getConnection();
        Connection.Status status = connection == null ? null : connection.getStatus();
        boolean away =
            status == Connection.Status.RECONNECTING || status == Connection.Status.DISCONNECTED;
        boolean back = status == Connection.Status.CONNECTED && !triedConnected;
        if (!(away || back) || System.nanoTime() > deadline) {
          throw notSent;
        }
        triedConnected = back;
        if (away) {
          pause();
        }
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(ACK_RETRY_PAUSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to ack", e);
    }
  }
}
