package dev.nis.courses.domain;

import dev.nis.common.domain.NameText;
import dev.nis.common.domain.StudentId;
import java.util.List;

/**
 * The writable fields of a course: name 3–20 characters, description 3–200, discipline and teacher
 * 3–20 each (the original system's bounds), every text in the stored form of {@link NameText}
 * (trimmed, NFC, no control or invisible characters), at most 60 students.
 */
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
    name = NameText.require("name", name, 3, 20);
    description = NameText.require("description", description, 3, 200);
    discipline = NameText.require("discipline", discipline, 3, 20);
    teacher = NameText.require("teacher", teacher, 3, 20);
    studentIds = CourseCapacity.STUDENTS.members("student_ids", studentIds);
  }
}
