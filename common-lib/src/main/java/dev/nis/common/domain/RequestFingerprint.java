package dev.nis.common.domain;

import java.nio.charset.StandardCharsets;

/**
 * What makes two requests "the same request" for an idempotency key: the SHA-256 of the method, the
 * path as sent and the body's bytes. Headers and the query are left out: a retry may wait longer
 * ({@code Prefer}) or carry another request id and still be the same request.
 *
 * @param sha256 64 lower-case hex digits
 */
public record RequestFingerprint(String sha256) {
  public RequestFingerprint {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a fingerprint is 64 lower-case hex digits: " + sha256);
    }
  }

  public static RequestFingerprint of(String method, String path, byte[] body) {
    String head = method + " " + path + "\n";
    return new RequestFingerprint(Sha256.hex(head.getBytes(StandardCharsets.UTF_8), body));
  }
}
