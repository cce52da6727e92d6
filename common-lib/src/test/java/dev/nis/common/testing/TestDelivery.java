package dev.nis.common.testing;

import dev.nis.common.application.Delivery;

/**
 * A {@link Delivery} without a queue: the payload, its sequence, its message id, and whether it was
 * acked.
 */
public final class TestDelivery<T> implements Delivery<T> {
  private final T payload;
  private final long sequence;
  private final String messageId;
  private final boolean redelivered;
  private final boolean reissue;
  private volatile boolean acked;

  private TestDelivery(
      T payload, long sequence, String messageId, boolean redelivered, boolean reissue) {
    this.payload = payload;
    this.sequence = sequence;
    this.messageId = messageId;
    this.redelivered = redelivered;
    this.reissue = reissue;
  }

  /** A delivery whose message id is its sequence (every message a distinct one). */
  public static <T> TestDelivery<T> of(T payload, long sequence) {
    return new TestDelivery<>(payload, sequence, "seq-" + sequence, false, false);
  }

  /** A delivery with the message id its publisher gave it (a duplicate repeats it). */
  public static <T> TestDelivery<T> of(T payload, long sequence, String messageId) {
    return new TestDelivery<>(payload, sequence, messageId, false, false);
  }

  /**
   * A reissue of a command its publisher may have queued before, at a later sequence and with the
   * same message id (past the duplicate window, the queue stores it again).
   */
  public static <T> TestDelivery<T> reissued(T payload, long sequence, String messageId) {
    return new TestDelivery<>(payload, sequence, messageId, false, true);
  }

  /** The same message delivered again (same sequence and message id), as after a lost ack. */
  public TestDelivery<T> again() {
    return new TestDelivery<>(payload, sequence, messageId, true, reissue);
  }

  @Override
  public T payload() {
    return payload;
  }

  @Override
  public long sequence() {
    return sequence;
  }

  @Override
  public String messageId() {
    return messageId;
  }

  @Override
  public boolean redelivered() {
    return redelivered;
  }

  @Override
  public boolean reissue() {
    return reissue;
  }

  @Override
  public void ack() {
    acked = true;
  }

  public boolean acked() {
    return acked;
  }
}
