package dev.nis.common.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StudentIdTest {
  @Test
  void upperCaseUuid_isAcceptedAndNormalised() {
    assertThat(StudentId.parse("6F1C0A52-4C1E-4A53-9A55-0C2B1D0E8F11").toString())
        .isEqualTo("6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f11");
  }

  @Test
  void malformedId_isRefusedNamingTheField() {
    for (String bad :
        new String[] {
          "42",
          "",
          null,
          "6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f1",
          // UUID.fromString takes these; an id's text is the canonical form only
          "1-2-3-4-5",
          "000000001-0002-0003-0004-00000000005",
          "6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f1g",
          "6f1c0a52+4c1e-4a53-9a55-0c2b1d0e8f11",
          "6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f1\u0663"
        }) {
      assertThatThrownBy(() -> StudentId.parse(bad))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("id"));
    }
    assertThatThrownBy(() -> StudentId.parse("student_id", "nope"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("student_id"));
  }

  @Test
  void order_isTheOrderOfTheText_asInPostgres() {
    StudentId low = StudentId.parse("7fffffff-0000-0000-0000-000000000000");
    StudentId high = StudentId.parse("80000000-0000-0000-0000-000000000000");
    List<StudentId> ids = new ArrayList<>(List.of(high, low));

    ids.sort(null);

    assertThat(ids).containsExactly(low, high);
    assertThat(low.value().compareTo(high.value()))
        .as("java.util.UUID compares signed, which is why StudentId does not use it")
        .isPositive();
  }

  @Test
  void newIds_areDistinct() {
    assertThat(StudentId.next()).isNotEqualTo(StudentId.next());
    assertThat(new StudentId(UUID.randomUUID()).value()).isNotNull();
  }
}
