package dev.nis.common.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CourseIdTest {
  @Test
  void newIds_areDistinctObjectIds() {
    Set<CourseId> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      CourseId id = CourseId.next();
      assertThat(id.value()).matches("[0-9a-f]{24}");
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  void upperCaseHex_isNormalised() {
    assertThat(CourseId.parse("65A1B2C3D4E5F60718293A4B").value())
        .isEqualTo("65a1b2c3d4e5f60718293a4b");
  }

  @Test
  void malformedId_isRefused() {
    assertThatThrownBy(() -> CourseId.parse("xyz")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> CourseId.parse(null)).isInstanceOf(ValidationException.class);
  }

  @Test
  void upperCaseHex_isNormalised_forANamedField() {
    assertThat(CourseId.parse("course_ids", "65A1B2C3D4E5F60718293A4B").value())
        .isEqualTo("65a1b2c3d4e5f60718293a4b");
  }

  @Test
  void malformedId_isRefusedNamingTheGivenField() {
    for (String bad : new String[] {"xyz", "", null, "65a1b2c3d4e5f60718293a4", "g".repeat(24)}) {
      assertThatThrownBy(() -> CourseId.parse("course_ids", bad))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("course_ids"));
    }
  }

  @Test
  void eachCharacterNextToTheHexRanges_isRefused() {
    String valid = "65a1b2c3d4e5f60718293a4b";
    for (char c : new char[] {'/', ':', '`', 'g', '@', 'G', ' ', '\u0660', '\uff10'}) {
      String bad = valid.substring(0, 23) + c;
      assertThatThrownBy(() -> CourseId.parse(bad)).isInstanceOf(ValidationException.class);
    }
    assertThatThrownBy(() -> CourseId.parse(valid + "0")).isInstanceOf(ValidationException.class);
    assertThat(CourseId.parse(valid).value()).isEqualTo(valid);
  }

  @Test
  void theConstructor_wantsTheNormalForm() {
    assertThatThrownBy(() -> new CourseId("65A1B2C3D4E5F60718293A4B"))
        .isInstanceOf(ValidationException.class);
  }
}
