package dev.nis.common.domain;

/**
 * A mutation request that carried an {@code Idempotency-Key}: the key, and the fingerprint that
 * tells a repeat of its first request from another request made with the same key.
 */
public record IdempotentRequest(IdempotencyKey key, RequestFingerprint fingerprint) {
  public IdempotentRequest {
    if (key == null || fingerprint == null) {
      throw new IllegalArgumentException("an idempotent request has a key and a fingerprint");
    }
  }
}
