package dev.nis.common.testing;

import dev.nis.common.application.Delivery;

/** A {@link Delivery} without a queue: the payload, its sequence, and whether it was acked. */
public final class TestDelivery<T> implements Delivery<T> {
  private final T payload;
  private final long sequence;
  private volatile boolean acked;

  private TestDelivery(T payload, long sequence) {
    this.payload = payload;
    this.sequence = sequence;
  }

  public static <T> TestDelivery<T> of(T payload, long sequence) {
    return new TestDelivery<>(payload, sequence);
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
  public void ack() {
    acked = true;
  }

  public boolean acked() {
    return acked;
  }
}
