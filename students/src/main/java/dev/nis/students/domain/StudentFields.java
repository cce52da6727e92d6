package dev.nis.students.domain;

import static dev.nis.common.domain.Text.requireLength;

import dev.nis.common.domain.CourseId;
import java.util.List;

/**
 * The writable fields of a student, validated as the original system did: name, first_name and
 * last_name 3–20 characters each, at most 15 courses (a course listed twice counts once).
 */
public record StudentFields(
    String name, String firstName, String lastName, List<CourseId> courseIds) {
  /** The same fields with no courses: what a command stores before the log enrolls them. */
  public StudentFields withoutCourses() {
    return new StudentFields(name, firstName, lastName, List.of());
  }

  public StudentFields {
    requireLength("name", name, 3, 20);
    requireLength("first_name", firstName, 3, 20);
    requireLength("last_name", lastName, 3, 20);
    courseIds = StudentCapacity.COURSES.members("course_ids", courseIds);
  }

  /** Whether both name the same person: (name, first_name, last_name) is unique among students. */
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
