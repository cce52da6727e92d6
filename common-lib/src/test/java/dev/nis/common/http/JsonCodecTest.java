package dev.nis.common.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonCodecTest {
  record Body(String fullName, int seats, boolean open, List<String> memberIds) {}

  private final JsonCodec json = JsonCodec.standard();

  @Test
  void snakeCaseFields_areReadAndWritten() {
    Body body = read("{\"full_name\":\"Ada\",\"seats\":3,\"open\":true,\"member_ids\":[\"a\"]}");

    assertThat(body).isEqualTo(new Body("Ada", 3, true, List.of("a")));
    assertThat(new String(json.write(body), UTF_8))
        .isEqualTo("{\"full_name\":\"Ada\",\"seats\":3,\"open\":true,\"member_ids\":[\"a\"]}");
  }

  @Test
  void anUnknownField_isNamed() {
    Problem problem = problemOf("{\"full_name\":\"Ada\",\"seats\":1,\"open\":true,\"colour\":1}");

    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.extensions()).containsEntry("field", "colour");
    assertThat(problem.detail()).contains("colour");
  }

  @Test
  void aNumberForAString_isRefusedNamingTheField() {
    Problem problem = problemOf("{\"full_name\":42,\"seats\":1,\"open\":true}");

    assertThat(problem.extensions()).containsEntry("field", "full_name");
    assertThat(problem.detail()).isEqualTo("full_name: must be a string");
  }

  @Test
  void scalarCoercions_areRefused() {
    assertThat(fieldOf("{\"seats\":\"3\"}")).isEqualTo("seats");
    assertThat(fieldOf("{\"seats\":1.5}")).isEqualTo("seats");
    assertThat(fieldOf("{\"open\":\"true\"}")).isEqualTo("open");
    assertThat(fieldOf("{\"open\":1}")).isEqualTo("open");
    assertThat(fieldOf("{\"full_name\":true}")).isEqualTo("full_name");
    assertThat(fieldOf("{\"full_name\":{\"a\":1}}")).isEqualTo("full_name");
    assertThat(fieldOf("{\"member_ids\":\"a\"}")).isEqualTo("member_ids");
    assertThat(fieldOf("{\"member_ids\":[1]}")).isEqualTo("member_ids[0]");
  }

  @Test
  void nullForAPrimitive_isRefused() {
    assertThat(fieldOf("{\"seats\":null}")).isEqualTo("seats");
  }

  @Test
  void nullForAList_isRefused_whileAnAbsentListIsNot() {
    Problem problem = problemOf("{\"seats\":1,\"open\":true,\"member_ids\":null}");

    assertThat(problem.extensions()).containsEntry("field", "member_ids");
    assertThat(problem.detail()).isEqualTo("member_ids: must not be null");
    assertThat(read("{\"seats\":1,\"open\":true}").memberIds()).isNull();
  }

  /** A name is the client's text: what no JSON reader takes is quoted by code point (RFC 7493). */
  @Test
  void anUnknownFieldsName_isQuotedPrintably() {
    Problem surrogate = problemOf("{\"seats\":1,\"open\":true,\"\\ud800x\":1}");
    Problem control = problemOf("{\"seats\":1,\"open\":true,\"a\\u0000b\\u200Bc\":1}");
    Problem longName = problemOf("{\"seats\":1,\"open\":true,\"" + "\u00e9".repeat(100) + "\":1}");

    assertThat(surrogate.extensions()).containsEntry("field", "U+D800x");
    assertThat(surrogate.detail()).isEqualTo("U+D800x: is not a known field");
    assertThat(control.extensions()).containsEntry("field", "aU+0000bU+200Bc");
    assertThat(longName.extensions())
        .containsEntry("field", "\u00e9".repeat(JsonReadFailures.MAX_NAME_CODE_POINTS) + "\u2026");
  }

  @Test
  void aDuplicateFieldsName_isQuotedPrintably() {
    assertThat(problemOf("{\"\\ud800\":1,\"\\ud800\":2}").detail())
        .isEqualTo("duplicate field 'U+D800'");
  }

  @Test
  void anIntegerOutOfRange_isRefusedNamingTheField() {
    Problem problem = problemOf("{\"seats\":99999999999}");

    assertThat(problem.extensions()).containsEntry("field", "seats");
    assertThat(problem.detail()).isEqualTo("seats: is out of range");
  }

  @Test
  void aDuplicateField_isNamed() {
    Problem problem = problemOf("{\"seats\":1,\"seats\":2}");

    assertThat(problem.detail()).isEqualTo("duplicate field 'seats'");
    assertThat(problem.extensions()).containsEntry("field", "seats");
  }

  @Test
  void malformedJson_trailingTokens_duplicateKeys_andNonObjects_areBadRequests() {
    assertThat(problemOf("{\"full_name\":").detail()).startsWith("malformed JSON");
    assertThat(problemOf("{} {}").status()).isEqualTo(400);
    assertThat(problemOf("{\"seats\":1,\"seats\":2}").status()).isEqualTo(400);
    assertThat(problemOf("[]").status()).isEqualTo(400);
    assertThat(problemOf("").status()).isEqualTo(400);
    assertThat(problemOf("null").status()).isEqualTo(400);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "overlong 'a', C1A1",
    "overlong NUL, C080",
    "overlong three-byte NUL, E08080",
    "encoded high surrogate, EDA080",
    "encoded low surrogate, EDB080",
    "past U+10FFFF, F4908080",
    "five-byte lead, F5808080",
    "lone continuation byte, 80",
    "invalid byte FF, FF",
    "truncated sequence, E282",
  })
  void bytesThatAreNotUtf8_inAStringValue_areA400NamingTheField(String kind, String hex) {
    Problem problem = problemOf(bytes("{\"seats\":1,\"full_name\":\"ab", hex, "cd\"}"));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.extensions()).containsEntry("field", "full_name");
    assertThat(problem.detail())
        .isEqualTo(
            "full_name: is not valid UTF-8 (byte 0x" + hex.substring(0, 2) + " at offset 26)");
  }

  @Test
  void bytesThatAreNotUtf8_inAnArrayElement_nameTheElement() {
    Problem problem = problemOf(bytes("{\"member_ids\":[\"a\",\"b", "C0AF", "\"]}"));

    assertThat(problem.extensions()).containsEntry("field", "member_ids[1]");
  }

  @Test
  void bytesThatAreNotUtf8_outsideAStringValue_areA400WithoutAField() {
    Problem inAName = problemOf(bytes("{\"full", "FF", "_name\":\"Ada\"}"));
    Problem betweenTokens = problemOf(bytes("{\"seats\":1,", "A0", "\"open\":true}"));

    assertThat(inAName.detail())
        .isEqualTo("the request body is not valid UTF-8 (byte 0xFF at offset 6)");
    assertThat(inAName.extensions()).doesNotContainKey("field");
    assertThat(betweenTokens.status()).isEqualTo(400);
    assertThat(betweenTokens.extensions()).doesNotContainKey("field");
  }

  @Test
  void aRawControlCharacterInAString_isRefusedNamingTheField() {
    Problem problem = problemOf("{\"full_name\":\"ab\u0000cd\",\"seats\":1,\"open\":true}");

    assertThat(problem.extensions()).containsEntry("field", "full_name");
    assertThat(problem.detail()).startsWith("full_name: must not contain control characters");
  }

  @Test
  void utf16_isRefused_andAUtf8ByteOrderMark_isIgnored() {
    byte[] utf16 = "{\"full_name\":\"Ada\"}".getBytes(StandardCharsets.UTF_16LE);
    assertThat(problemOf(utf16).status()).isEqualTo(400);

    Body withBom =
        json.read(
            bytes("", "EFBBBF", "{\"full_name\":\"Ada\",\"seats\":1,\"open\":true}"), Body.class);
    assertThat(withBom.fullName()).isEqualTo("Ada");
  }

  @Test
  void wellFormedUtf8_fromOneToFourBytes_isRead() {
    assertThat(read("{\"full_name\":\"Aé€😀\",\"seats\":1,\"open\":true}").fullName())
        .isEqualTo("Aé€😀");
  }

  @Test
  void problems_areWrittenWithTheirMembers() {
    Problem problem = Problem.invalidField("name", "name: is required").withInstance("/x");

    assertThat(new String(json.write(problem.members()), UTF_8))
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"name: is required\",\"instance\":\"/x\",\"field\":\"name\"}");
    assertThat(new String(json.write(Map.of("data", List.of())), UTF_8)).isEqualTo("{\"data\":[]}");
  }

  private Body read(String text) {
    return json.read(text.getBytes(UTF_8), Body.class);
  }

  private Problem problemOf(String text) {
    return problemOf(text.getBytes(UTF_8));
  }

  private Problem problemOf(byte[] body) {
    ProblemException e =
        catchThrowableOfType(ProblemException.class, () -> json.read(body, Body.class));
    assertThat(e).as("reading %s", HexFormat.of().formatHex(body)).isNotNull();
    return e.problem();
  }

  /** UTF-8 text, raw bytes given in hex, UTF-8 text. */
  private static byte[] bytes(String before, String hex, String after) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(before.getBytes(UTF_8));
    body.writeBytes(HexFormat.of().parseHex(hex));
    body.writeBytes(after.getBytes(UTF_8));
    return body.toByteArray();
  }

  private String fieldOf(String text) {
    return (String) problemOf(text).extensions().get("field");
  }
}
