package dev.nis.common.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
  void anIntegerOutOfRange_isRefusedNamingTheField() {
    Problem problem = problemOf("{\"seats\":99999999999}");

    assertThat(problem.extensions()).containsEntry("field", "seats");
    assertThat(problem.detail()).isEqualTo("seats: is out of range");
  }

  @Test
  void aDuplicateField_isNamed() {
    assertThat(problemOf("{\"seats\":1,\"seats\":2}").detail())
        .isEqualTo("duplicate field 'seats'");
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
    ProblemException e = catchThrowableOfType(ProblemException.class, () -> read(text));
    assertThat(e).as("reading %s", text).isNotNull();
    return e.problem();
  }

  private String fieldOf(String text) {
    return (String) problemOf(text).extensions().get("field");
  }
}
