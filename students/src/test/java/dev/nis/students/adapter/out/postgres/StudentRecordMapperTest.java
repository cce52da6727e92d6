package dev.nis.students.adapter.out.postgres;

import static dev.nis.students.adapter.out.postgres.jooq.Tables.STUDENTS;
import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.aStudent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StoredDataException;
import dev.nis.common.domain.ValidationException;
import dev.nis.students.adapter.out.postgres.jooq.tables.records.StudentsRecord;
import dev.nis.students.domain.Student;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class StudentRecordMapperTest {
  @Test
  void aStudent_survivesTheRoundTrip() {
    Student student = aStudent().inCourses(aCourse(), aCourse()).build();

    assertThat(StudentRecordMapper.toStudent(StudentRecordMapper.toRecord(student, 4)))
        .isEqualTo(student);
  }

  @Test
  void theRow_holdsEveryField_theSequence_andIsLive() {
    CourseId course = aCourse();
    Student student = aStudent().inCourses(course).build();

    StudentsRecord row = StudentRecordMapper.toRecord(student, 42);

    assertThat(row.getId()).isEqualTo(student.id().value());
    assertThat(row.getName()).isEqualTo(student.fields().name());
    assertThat(row.getFirstName()).isEqualTo(student.fields().firstName());
    assertThat(row.getLastName()).isEqualTo(student.fields().lastName());
    assertThat(row.getCourseIds()).containsExactly(course.value());
    assertThat(row.getAppliedSeq()).isEqualTo(42L);
    assertThat(row.getDeleted()).isFalse();
  }

  @Test
  void
      theFieldUpdate_setsTheOwnFieldsTheRequestedAndTheSequence_butNotTheIdNorDeletedNorTheCourses() {
    CourseId asked = aCourse();
    var update = StudentRecordMapper.fieldUpdate(aStudent().fields(), List.of(asked), 9);

    assertThat(update)
        .containsOnlyKeys(
            STUDENTS.NAME,
            STUDENTS.FIRST_NAME,
            STUDENTS.LAST_NAME,
            STUDENTS.REQUESTED_COURSE_IDS,
            STUDENTS.REQUESTED_SEQ,
            STUDENTS.APPLIED_SEQ)
        .containsEntry(STUDENTS.APPLIED_SEQ, 9L);
    assertThat((String[]) update.get(STUDENTS.REQUESTED_COURSE_IDS)).containsExactly(asked.value());
  }

  @Test
  void theTombstone_clearsTheNames_butKeepsTheCoursesItHad() {
    var tombstone = StudentRecordMapper.tombstone(5);

    assertThat(tombstone)
        .containsEntry(STUDENTS.DELETED, true)
        .containsEntry(STUDENTS.APPLIED_SEQ, 5L)
        .containsEntry(STUDENTS.NAME, null)
        .doesNotContainKey(STUDENTS.COURSE_IDS);
  }

  @Test
  void aRowThatBreaksTheRules_isTheStoredDatasFault() {
    StudentsRecord row = StudentRecordMapper.toRecord(aStudent().build(), 1);
    row.setCourseIds(new String[] {"not-a-course"});

    assertThatThrownBy(() -> StudentRecordMapper.toStudent(row))
        .isInstanceOf(StoredDataException.class)
        .hasMessageStartingWith("student ")
        .hasCauseInstanceOf(ValidationException.class);
  }

  @Test
  void studentsOfACourse_isTheArrayContainsOperator() {
    String sql =
        DSL.using(SQLDialect.POSTGRES)
            .renderInlined(PostgresStudentRepository.holdsCourse(aCourse()));

    assertThat(sql).contains("\"course_ids\" @> ");
  }
}
