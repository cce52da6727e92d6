package dev.nis.courses.adapter.out.mongo;

import static dev.nis.courses.testing.CourseFixtures.aCourse;
import static dev.nis.courses.testing.CourseFixtures.aStudent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.StoredDataException;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.courses.domain.Course;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class CourseDocumentMapperTest {
  @Test
  void aCourse_survivesTheRoundTrip() {
    Course course = aCourse().withStudents(aStudent(), aStudent()).build();

    assertThat(CourseDocumentMapper.toCourse(CourseDocumentMapper.toDocument(course, 4)))
        .isEqualTo(course);
  }

  @Test
  void theDocument_holdsTheWireNames_theSequence_andIsLive() {
    StudentId student = aStudent();
    Course course = aCourse().withStudents(student).build();

    Document document = CourseDocumentMapper.toDocument(course, 42);

    assertThat(document)
        .containsEntry("_id", new ObjectId(course.id().value()))
        .containsEntry("name", course.fields().name())
        .containsEntry("description", course.fields().description())
        .containsEntry("discipline", course.fields().discipline())
        .containsEntry("teacher", course.fields().teacher())
        .containsEntry("student_ids", List.of(student.toString()))
        .containsEntry("applied_seq", 42L)
        .containsEntry("deleted", false);
  }

  @Test
  void theFieldUpdate_setsTheOwnFieldsTheRequestedAndTheSequence_butNotTheIdNorTheStudents() {
    Course course = aCourse().build();
    StudentId asked = aStudent();

    Document update = CourseDocumentMapper.toFieldUpdate(course.fields(), List.of(asked), 9);

    assertThat(update)
        .containsOnlyKeys(
            "name",
            "description",
            "discipline",
            "teacher",
            "requested_student_ids",
            "requested_seq",
            "applied_seq")
        .containsEntry("requested_student_ids", List.of(asked.toString()))
        .containsEntry("applied_seq", 9L);
  }

  @Test
  void aDocumentWithoutStudents_hasNone() {
    Document document = CourseDocumentMapper.toDocument(aCourse().build(), 1);
    document.remove("student_ids");

    assertThat(CourseDocumentMapper.toCourse(document).studentIds()).isEmpty();
  }

  @Test
  void aDocumentThatBreaksTheRules_isTheStoredDatasFault() {
    Document document = CourseDocumentMapper.toDocument(aCourse().build(), 1);
    document.put("student_ids", List.of("not-a-uuid"));

    assertThatThrownBy(() -> CourseDocumentMapper.toCourse(document))
        .isInstanceOf(StoredDataException.class)
        .hasMessageStartingWith("course ")
        .hasCauseInstanceOf(ValidationException.class);
  }
}
