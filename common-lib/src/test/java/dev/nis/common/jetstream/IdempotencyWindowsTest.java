package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The durations {@code CommandSubmitter}'s replay of an Idempotency-Key relies on, as the contract
 * declares them: a key never outlives its operation's record.
 */
class IdempotencyWindowsTest {
  private final JetStreamContract contract = JetStreamContract.defaults();

  private Duration ttl(String bucket) {
    return contract.buckets().stream()
        .filter(spec -> spec.name().equals(bucket))
        .findFirst()
        .orElseThrow()
        .ttl();
  }

  @Test
  void aKeyExpires_noLaterThanTheOperationItNames() {
    assertThat(ttl(contract.idempotencyBucket()))
        .isPositive()
        .isLessThanOrEqualTo(ttl(contract.operationsBucket()));
  }
}
