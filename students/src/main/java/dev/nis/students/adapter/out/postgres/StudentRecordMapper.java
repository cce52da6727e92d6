package dev.nis.students.adapter.out.postgres;

import static dev.nis.students.adapter.out.postgres.jooq.Tables.STUDENTS;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StoredDataException;
import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import dev.nis.students.adapter.out.postgres.jooq.tables.records.StudentsRecord;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentFields;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.Record;

/** Maps a student to and from its row in the "students" table. */
final class StudentRecordMapper {

  private StudentRecordMapper() {}

  /** The new row of a live student written by the command at {@code sequence}. */
  static StudentsRecord toRecord(Student student, long sequence) {
    StudentFields fields = student.fields();
    return new StudentsRecord()
        .setId(student.id().value())
        .setName(fields.name())
        .setFirstName(fields.firstName())
        .setLastName(fields.lastName())
        .setCourseIds(courseIds(fields.courseIds()))
        .setAppliedSeq(sequence)
        .setDeleted(false);
  }

  /**
   * The columns a replace writes: the student's own fields, the courses it asked for and the
   * sequence that wrote them; the courses held are written only through the enrollment log.
   */
  static Map<Field<?>, Object> fieldUpdate(
      StudentFields fields, List<CourseId> requested, long sequence) {
    Map<Field<?>, Object> update = new LinkedHashMap<>();
    update.put(STUDENTS.NAME, fields.name());
    update.put(STUDENTS.FIRST_NAME, fields.firstName());
    update.put(STUDENTS.LAST_NAME, fields.lastName());
    update.put(STUDENTS.REQUESTED_COURSE_IDS, courseIds(requested));
    update.put(STUDENTS.REQUESTED_SEQ, sequence);
    update.put(STUDENTS.APPLIED_SEQ, sequence);
    return update;
  }

  /** The columns a delete writes: a tombstone that keeps only the id and the sequence. */
  static Map<Field<?>, Object> tombstone(long sequence) {
    Map<Field<?>, Object> update = new LinkedHashMap<>();
    update.put(STUDENTS.DELETED, true);
    update.put(STUDENTS.APPLIED_SEQ, sequence);
    update.put(STUDENTS.NAME, null);
    update.put(STUDENTS.FIRST_NAME, null);
    update.put(STUDENTS.LAST_NAME, null);
    update.put(STUDENTS.REQUESTED_COURSE_IDS, new String[0]);
    return update;
  }

  /**
   * The student a row holds.
   *
   * @throws StoredDataException when what is stored breaks a rule of the fields (text written
   *     before the text rule): the data's fault, not the reader's
   */
  static Student toStudent(Record row) {
    try {
      List<CourseId> courseIds =
          Arrays.stream(row.get(STUDENTS.COURSE_IDS))
              .map(id -> CourseId.parse("course_ids", id))
              .toList();
      StudentFields fields =
          new StudentFields(
              row.get(STUDENTS.NAME),
              row.get(STUDENTS.FIRST_NAME),
              row.get(STUDENTS.LAST_NAME),
              courseIds);
      return new Student(new StudentId(row.get(STUDENTS.ID)), fields);
    } catch (ValidationException broken) {
      throw new StoredDataException("student", String.valueOf(row.get(STUDENTS.ID)), broken);
    }
  }

  static String[] courseIds(List<CourseId> ids) {
    return ids.stream().map(CourseId::value).toArray(String[]::new);
  }
}
