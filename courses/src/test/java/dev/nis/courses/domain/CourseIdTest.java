package dev.nis.courses.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.ValidationException;
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
}
