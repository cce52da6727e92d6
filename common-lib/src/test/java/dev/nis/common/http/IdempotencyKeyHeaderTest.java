package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyHeaderTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "\"8e03978e-40d5-43e8-bc93-6894a57f9324\" | 8e03978e-40d5-43e8-bc93-6894a57f9324",
        "8e03978e-40d5-43e8-bc93-6894a57f9324     | 8e03978e-40d5-43e8-bc93-6894a57f9324",
        "'  \"padded\"  '                          | padded",
        "\"with spaces, commas; and = signs\"      | with spaces, commas; and = signs",
        "\"a \\\"quoted\\\" \\\\ word\"            | a \"quoted\" \\ word",
        "order:42/retry_1.x~y                     | order:42/retry_1.x~y",
      })
  void aStringOrAToken_isTheKey(String field, String key) {
    assertThat(IdempotencyKeyHeader.parse(field)).isEqualTo(key);
  }

  @Test
  void aKeyOf255Characters_isAccepted_andOf256Refused() {
    assertThat(IdempotencyKeyHeader.parse("\"" + "k".repeat(255) + "\"")).hasSize(255);
    assertMalformed("\"" + "k".repeat(256) + "\"");
    assertMalformed("k".repeat(256));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "\"\"",
        "\"unterminated",
        "\"a\";param=1",
        "\"a\" \"b\"",
        "\"bad \\n escape\"",
        "\"tab\there\"",
        "\"é\"",
        "two words",
        "a,b",
        "(parenthesised)",
        "\"trailing\\\"",
      })
  void anythingElse_isA400NamingTheHeader(String field) {
    assertMalformed(field);
  }

  private static void assertMalformed(String field) {
    assertThatThrownBy(() -> IdempotencyKeyHeader.parse(field))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(400);
              assertThat(e.problem().extensions()).containsEntry("header", "Idempotency-Key");
              assertThat(e.problem().detail()).startsWith("the Idempotency-Key header ");
            });
  }
}
