package dev.nis.students.domain;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;

/**
 * The rule "a student holds at most 15 courses" (the original's validation), in one place: the
 * fields' validation, the refusal at accept time, the repository's atomic guard (its cap comes from
 * here) and the compensation of an ADD that finds the student full all read it.
 */
public final class StudentCapacity {
  public static final int MAX_COURSES = 15;

  private StudentCapacity() {}

  /** Whether the student cannot join {@code joining}: full, and not in that course already. */
  public static boolean isFull(Student student, CourseId joining) {
    return student.courseIds().size() >= MAX_COURSES && !student.courseIds().contains(joining);
  }

  /** The 409 of an enrollment refused at once because the student is visibly full. */
  public static Rejection refusal(StudentId id) {
    return Rejection.conflict("student " + id + " already has " + MAX_COURSES + " courses");
  }

  /** Why an ADD that found the student full is compensated (the REMOVE's reason). */
  public static String compensationReason(StudentId id) {
    return "student " + id + " has " + MAX_COURSES + " courses";
  }
}
