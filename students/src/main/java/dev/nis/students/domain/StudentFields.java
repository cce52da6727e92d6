package dev.nis.students.domain;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.NameText;
import java.util.List;

/**
 * The writable fields of a student: name, first_name and last_name 3–20 characters each (the
 * original system's bounds), each in the stored form of {@link NameText} (trimmed, NFC, no control
 * or invisible characters), at most 15 courses (a course listed twice counts once).
 */
public record StudentFields(
    String name, String firstName, String lastName, List<CourseId> courseIds) {
  /** The same fields with no courses: what a command stores before the log enrolls them. */
  public StudentFields withoutCourses() {
    return new StudentFields(name, firstName, lastName, List.of());
  }

  public StudentFields {
    name = NameText.require("name", name, 3, 20);
    firstName = NameText.require("first_name", firstName, 3, 20);
    lastName = NameText.require("last_name", lastName, 3, 20);
    courseIds = StudentCapacity.COURSES.members("course_ids", courseIds);
  }

  /**
   * Whether both name the same person: (name, first_name, last_name) is unique among live students,
   * compared as stored (the {@link NameText} form, so " Ada" and "Ada", or an "é" spelled either
   * way, are one name), character for character.
   */
  public boolean sameFullName(StudentFields other) {
    return name.equals(other.name)
        && firstName.equals(other.firstName)
        && lastName.equals(other.lastName);
  }

  /** The full name as a client reads it in a conflict. */
  public String fullName() {
    return "(" + name + ", " + firstName + ", " + lastName + ")";
  }
}
