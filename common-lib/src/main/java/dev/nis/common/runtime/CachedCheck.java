package dev.nis.common.runtime;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A health check asked at most once per period, however many threads ask: the consumers' many
 * partition loops ask before each pull, and each ask of the real check is a round trip to a
 * dependency. One thread refreshes it while the others read the last answer.
 */
final class CachedCheck implements BooleanSupplier {
  private final BooleanSupplier check;
  private final long periodNanos;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile boolean answer;
  private volatile long askedAt;
  private volatile boolean asked;

  CachedCheck(BooleanSupplier check, Duration period) {
    this.check = check;
    this.periodNanos = period.toNanos();
  }

  @Override
  public boolean getAsBoolean() {
    if ((!asked || System.nanoTime() - askedAt >= periodNanos) && refreshing.tryLock()) {
      try {
        answer = check.getAsBoolean();
        askedAt = System.nanoTime();
        asked = true;
      } catch (RuntimeException e) {
        answer = false;
        askedAt = System.nanoTime();
        asked = true;
      } finally {
        refreshing.unlock();
      }
    }
    return answer;
  }
}
