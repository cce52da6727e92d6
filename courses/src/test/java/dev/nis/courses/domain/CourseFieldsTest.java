package dev.nis.courses.domain;

import static dev.nis.common.testing.Refusals.assertRefusedNaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.StudentId;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CourseFieldsTest {
  private static CourseFields fields(
      String name, String description, String discipline, String teacher) {
    return new CourseFields(name, description, discipline, teacher, List.of());
  }

  @Test
  void validCourse_keepsItsFields() {
    CourseFields f = fields("Algebra", "Groups and rings", "Mathematics", "Noether");
    assertThat(f.name()).isEqualTo("Algebra");
    assertThat(f.studentIds()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "ab, description, discipline, teacher, name",
    "name, de, discipline, teacher, description",
    "name, description, di, teacher, discipline",
    "name, description, discipline, te, teacher",
    "abcdefghijklmnopqrstu, description, discipline, teacher, name",
  })
  void fieldOutOfRange_isRefusedNamingTheField(
      String name, String description, String discipline, String teacher, String field) {
    assertRefusedNaming(() -> fields(name, description, discipline, teacher), field);
  }

  @Test
  void missingField_isRefused() {
    assertThatThrownBy(() -> fields(null, "description", "discipline", "teacher"))
        .hasMessageContaining("name");
  }

  @Test
  void moreThanSixtyStudents_isRefused() {
    List<StudentId> students =
        IntStream.range(0, 61).mapToObj(i -> new StudentId(UUID.randomUUID())).toList();
    assertRefusedNaming(
        () -> new CourseFields("Algebra", "desc", "Maths", "Noether", students), "student_ids");
  }

  @Test
  void oneStudentListedSixtyOneTimes_isRefused_asTheDocumentsMaxItemsSays() {
    List<StudentId> students = java.util.Collections.nCopies(61, new StudentId(UUID.randomUUID()));
    assertRefusedNaming(
        () -> new CourseFields("Algebra", "desc", "Maths", "Noether", students), "student_ids");
  }

  @Test
  void repeatedStudent_isKeptOnce() {
    StudentId s = new StudentId(UUID.randomUUID());
    assertThat(new CourseFields("Algebra", "desc", "Maths", "Noether", List.of(s, s)).studentIds())
        .containsExactly(s);
  }

  @Test
  void descriptionLength_countsCharactersNotBytes() {
    assertThat(fields("Åbo", "Ωμέγα", "Φυσική", "Ἀριστοτέλης").name()).isEqualTo("Åbo");
  }
}
