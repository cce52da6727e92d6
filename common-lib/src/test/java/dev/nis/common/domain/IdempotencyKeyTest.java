package dev.nis.common.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {
  @Test
  void aKeyOf1To255PrintableCharacters_isValid() {
    assertThat(new IdempotencyKey("", "k").value()).isEqualTo("k");
    assertThat(new IdempotencyKey("c", "x".repeat(255)).value()).hasSize(255);
    assertThat(new IdempotencyKey("c", " \"~!").value()).isEqualTo(" \"~!");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "tab\there", "é", "line\nbreak"})
  void anEmptyOrNonPrintableKey_isRefusedNamingIt(String value) {
    assertThatThrownBy(() -> new IdempotencyKey("", value))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("idempotency_key"));
  }

  @Test
  void aKeyOver255Characters_isRefused() {
    assertThatThrownBy(() -> new IdempotencyKey("", "x".repeat(256)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void theDigest_isFixedLength_andDependsOnScopeAndValue() {
    IdempotencyKey key = new IdempotencyKey("consumer-1", "abc");

    assertThat(key.digest()).matches("[0-9a-f]{64}");
    assertThat(key.digest()).isEqualTo(new IdempotencyKey("consumer-1", "abc").digest());
    assertThat(key.digest()).isNotEqualTo(new IdempotencyKey("consumer-2", "abc").digest());
    assertThat(key.digest()).isNotEqualTo(new IdempotencyKey("consumer-1", "abd").digest());
    assertThat(new IdempotencyKey("ab", "c").digest())
        .isNotEqualTo(new IdempotencyKey("a", "bc").digest());
  }
}
