package dev.nis.common.domain;

import java.nio.charset.StandardCharsets;

/**
 * A client's {@code Idempotency-Key} (IETF draft-ietf-httpapi-idempotency-key-header): the name
 * under which a retried mutation is recognised, scoped to the client that chose it, so that two API
 * consumers never meet on the same key. The value is the key as the client wrote it, without the
 * quotes of its structured-field form.
 *
 * @param scope who sent it (the API gateway's consumer id), empty when no gateway named one
 * @param value 1 to {@value #MAX_LENGTH} printable ASCII characters
 */
public record IdempotencyKey(String scope, String value) {
  public static final int MAX_LENGTH = 255;
  private static final String FIELD = "idempotency_key";

  public IdempotencyKey {
    if (scope == null) {
      throw new IllegalArgumentException("a key's scope is never null (empty for no consumer)");
    }
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new ValidationException(FIELD, "must be 1 to " + MAX_LENGTH + " characters");
    }
    if (!value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      throw new ValidationException(FIELD, "must be printable ASCII");
    }
  }

  /**
   * A fixed-length name of the scoped key for a store: the SHA-256 (hex) of the scope and the
   * value, NUL-separated (neither can hold a NUL), so that what a client may put in a key never
   * reaches a store's key syntax.
   */
  public String digest() {
    return Sha256.hex(
        scope.getBytes(StandardCharsets.UTF_8),
        new byte[] {0},
        value.getBytes(StandardCharsets.US_ASCII));
  }
}
