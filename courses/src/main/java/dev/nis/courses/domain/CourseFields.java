package dev.nis.courses.domain;

import static dev.nis.common.domain.Text.requireLength;

import dev.nis.common.domain.StudentId;
import dev.nis.common.domain.ValidationException;
import java.util.LinkedHashSet;
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
    if (studentIds == null) {
      studentIds = List.of();
    }
    if (studentIds.stream().anyMatch(java.util.Objects::isNull)) {
      throw new ValidationException("student_ids", "must not hold null");
    }
    studentIds = List.copyOf(new LinkedHashSet<>(studentIds));
    if (studentIds.size() > CourseCapacity.MAX_STUDENTS) {
      throw new ValidationException(
          "student_ids",
          "must hold at most "
              + CourseCapacity.MAX_STUDENTS
              + " students, got "
              + studentIds.size());
    }
  }
}
