package dev.nis.courses.domain;

import static dev.nis.common.domain.Text.requireLength;

import dev.nis.common.domain.StudentId;
import java.util.List;

/** The writable fields of a course, validated as the original system did. */
public record CourseFields(
    String name,
    String description,
    String discipline,
    String teacher,
    List<StudentId> studentIds) {
  /** The same fields with no students: what a command stores before the log enrolls them. */
  public CourseFields withoutStudents() {
    return new CourseFields(name, description, discipline, teacher, List.of());
  }

  public CourseFields {
    requireLength("name", name, 3, 20);
    requireLength("description", description, 3, 200);
    requireLength("discipline", discipline, 3, 20);
    requireLength("teacher", teacher, 3, 20);
    studentIds = CourseCapacity.STUDENTS.members("student_ids", studentIds);
  }
}
