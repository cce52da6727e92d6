package dev.nis.common.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static RequestFingerprint of(String method, String path, String body) {
    return RequestFingerprint.of(method, path, bytes(body));
  }

  @Test
  void theSameRequest_hasTheSameFingerprint() {
    assertThat(of("POST", "/api/courses", "{\"name\":\"Algebra\"}"))
        .isEqualTo(of("POST", "/api/courses", "{\"name\":\"Algebra\"}"));
  }

  @Test
  void anotherMethodPathOrBody_hasAnother() {
    RequestFingerprint post = of("POST", "/api/courses", "{}");

    assertThat(of("PUT", "/api/courses", "{}")).isNotEqualTo(post);
    assertThat(of("POST", "/api/students", "{}")).isNotEqualTo(post);
    assertThat(of("POST", "/api/courses", "{ }")).isNotEqualTo(post);
    assertThat(of("POST", "/api/courses", "")).isNotEqualTo(post);
  }

  @Test
  void thePathAndTheBody_cannotTradeBytes() {
    assertThat(of("DELETE", "/api/courses/1", "")).isNotEqualTo(of("DELETE", "/api/courses/", "1"));
  }

  @Test
  void itIsTheSha256OfMethodPathAndBody() {
    assertThat(of("GET", "/", "").sha256()).isEqualTo(Sha256.hex(bytes("GET /\n"))).hasSize(64);
  }
}
