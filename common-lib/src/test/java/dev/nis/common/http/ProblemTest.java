package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.Rejection;
import org.junit.jupiter.api.Test;

class ProblemTest {
  @Test
  void aProblemOfAStatus_isTitledWithItsReasonPhrase() {
    Problem problem = Problem.of(415, "use JSON");

    assertThat(problem.type()).isEqualTo("about:blank");
    assertThat(problem.title()).isEqualTo("Unsupported Media Type");
    assertThat(problem.members()).containsOnlyKeys("type", "title", "status", "detail");
  }

  @Test
  void aRejection_keepsItsStatusTitleAndDetail() {
    Problem problem = Problem.fromRejection(Rejection.conflict("the course is full"));

    assertThat(problem.status()).isEqualTo(409);
    assertThat(problem.title()).isEqualTo("Conflict");
    assertThat(problem.detail()).isEqualTo("the course is full");
  }

  @Test
  void extensions_followTheStandardMembers_andCannotReplaceThem() {
    Problem problem = Problem.invalidField("name", "too short").withExtension("errors", 1);

    assertThat(problem.members().keySet())
        .containsExactly("type", "title", "status", "detail", "field", "errors");
    assertThatThrownBy(() -> problem.withExtension("status", 200))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyErrorStatuses_makeProblems() {
    assertThatThrownBy(() -> Problem.of(200, "fine")).isInstanceOf(IllegalArgumentException.class);
  }
}
