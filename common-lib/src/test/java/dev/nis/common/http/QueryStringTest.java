package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryStringTest {
  @Test
  void parametersAreDecoded_andRepeatsKeptInOrder() {
    assertThat(QueryString.parse("a=1&b=x%20y+z&a=2&flag"))
        .containsEntry("a", List.of("1", "2"))
        .containsEntry("b", List.of("x y z"))
        .containsEntry("flag", List.of(""));
  }

  @Test
  void aMalformedEscape_isA400() {
    assertThatThrownBy(() -> QueryString.parse("limit=%zz"))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(400));
  }
}
