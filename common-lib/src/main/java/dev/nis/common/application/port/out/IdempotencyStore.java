package dev.nis.common.application.port.out;

import dev.nis.common.domain.IdempotencyKey;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.RequestFingerprint;
import java.time.Instant;
import java.util.Optional;

/**
 * Where each {@code Idempotency-Key}'s first request is remembered: the request's fingerprint and
 * the operation it was accepted as. One store per service, shared by all its replicas; a key is
 * forgotten when it expires (a day: the README's "Idempotency keys"). Out-port shared by both
 * services; the JetStream key-value adapter says why it lives there.
 */
public interface IdempotencyStore {
  /**
   * What the first request with a key became.
   *
   * @param entityId the entity its operation changes (for a create, the id chosen for it)
   * @param claimedAt when the claim was recorded (the store's clock)
   */
  record Claim(
      RequestFingerprint fingerprint,
      OperationId operationId,
      String entityId,
      Instant claimedAt) {}

  /**
   * Records {@code claim} under {@code key} unless the key already has a claim, atomically across
   * replicas: of two concurrent claims of one key exactly one is recorded.
   *
   * @return the claim that was there before (this one was not recorded), or empty when this one was
   */
  Optional<Claim> claim(IdempotencyKey key, Claim claim);

  /** The key's claim, unless it has none (never used, or expired). */
  Optional<Claim> find(IdempotencyKey key);
}
