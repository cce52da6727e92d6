package dev.nis.students.domain;

import static dev.nis.common.testing.Refusals.assertRefusedNaming;
import static dev.nis.students.testing.StudentFixtures.aCourse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.CourseId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudentFieldsTest {
  private static StudentFields fields(String name, String firstName, String lastName) {
    return new StudentFields(name, firstName, lastName, List.of());
  }

  @Test
  void validStudent_keepsItsFields() {
    StudentFields f = fields("adal", "Ada", "Lovelace");

    assertThat(f.name()).isEqualTo("adal");
    assertThat(f.firstName()).isEqualTo("Ada");
    assertThat(f.lastName()).isEqualTo("Lovelace");
    assertThat(f.courseIds()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "ab, first, last, name",
    "name, fi, last, first_name",
    "name, first, la, last_name",
    "abcdefghijklmnopqrstu, first, last, name",
    "name, abcdefghijklmnopqrstu, last, first_name",
    "name, first, abcdefghijklmnopqrstu, last_name",
  })
  void fieldOutOfRange_isRefusedNamingTheSnakeCaseField(
      String name, String firstName, String lastName, String field) {
    assertRefusedNaming(() -> fields(name, firstName, lastName), field);
  }

  @Test
  void missingField_isRefusedNamingIt() {
    assertRefusedNaming(() -> fields("adal", null, "Lovelace"), "first_name");
  }

  @Test
  void boundaryLengths_areAccepted() {
    assertThat(fields("abc", "x".repeat(20), "Lov").name()).isEqualTo("abc");
  }

  @Test
  void moreThanFifteenCourses_isRefused() {
    List<CourseId> courses = IntStream.range(0, 16).mapToObj(i -> aCourse()).toList();

    assertRefusedNaming(() -> new StudentFields("adal", "Ada", "Lovelace", courses), "course_ids");
  }

  @Test
  void fifteenCourses_areAccepted() {
    List<CourseId> courses = IntStream.range(0, 15).mapToObj(i -> aCourse()).toList();

    assertThat(new StudentFields("adal", "Ada", "Lovelace", courses).courseIds()).hasSize(15);
  }

  @Test
  void repeatedCourse_isKeptOnce_inFirstSeenOrder() {
    CourseId a = aCourse();
    CourseId b = aCourse();

    assertThat(new StudentFields("adal", "Ada", "Lovelace", List.of(a, b, a)).courseIds())
        .containsExactly(a, b);
  }

  @Test
  void sixteenListedCoursesThatAreFifteenDistinct_areRefused_asTheDocumentsMaxItemsSays() {
    List<CourseId> courses =
        new java.util.ArrayList<>(IntStream.range(0, 15).mapToObj(i -> aCourse()).toList());
    courses.add(courses.get(0));

    assertRefusedNaming(() -> new StudentFields("adal", "Ada", "Lovelace", courses), "course_ids");
  }

  @Test
  void oneCourseListedTwoThousandTimes_isRefused() {
    List<CourseId> courses = java.util.Collections.nCopies(2000, aCourse());

    assertRefusedNaming(() -> new StudentFields("adal", "Ada", "Lovelace", courses), "course_ids");
  }

  @Test
  void nullCourseIds_meanNone_butANullCourseIsRefused() {
    assertThat(new StudentFields("adal", "Ada", "Lovelace", null).courseIds()).isEmpty();
    List<CourseId> withNull = new java.util.ArrayList<>();
    withNull.add(null);
    assertRefusedNaming(() -> new StudentFields("adal", "Ada", "Lovelace", withNull), "course_ids");
  }

  @Test
  void lengths_countCharactersNotBytes() {
    assertThat(fields("Åsa", "Ωμέγα", "Ἀριστοτέλης").firstName()).isEqualTo("Ωμέγα");
  }

  @Test
  void sameFullName_comparesTheThreeNamesOnly() {
    StudentFields ada = fields("adal", "Ada", "Lovelace");

    assertThat(ada.sameFullName(new StudentFields("adal", "Ada", "Lovelace", List.of(aCourse()))))
        .isTrue();
    assertThat(ada.sameFullName(fields("adal", "Ada", "Byron"))).isFalse();
  }

  @Test
  void theNames_areStoredTrimmedAndInNfc_soOneNameSpelledTwoWaysIsOneFullName() {
    StudentFields typed = fields(" Zoe\u0308 ", "Jose\u0301", "Nun\u0303ez\t");

    assertThat(typed.name()).isEqualTo("Zo\u00EB");
    assertThat(typed.sameFullName(fields("Zo\u00EB", "Jos\u00E9", "Nu\u00F1ez"))).isTrue();
  }

  @Test
  void aNameThatIsNoName_isRefusedNamingItsField() {
    assertRefusedNaming(() -> fields("ada\u0000x", "Ada", "Lovelace"), "name");
    assertRefusedNaming(() -> fields("adal", "ab\uD800cd", "Lovelace"), "first_name");
    assertRefusedNaming(() -> fields("adal", "Ada", "\t\n\r"), "last_name");
  }
}
