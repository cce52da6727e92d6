package dev.nis.courses.domain;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;

/**
 * The rule "a course holds at most 60 students" (the original's validation), in one place: the
 * fields' validation, the refusal at accept time, the repository's atomic guard (its cap comes from
 * here) and the compensation of an ADD that finds the course full all read it.
 */
public final class CourseCapacity {
  public static final int MAX_STUDENTS = 60;

  private CourseCapacity() {}

  /** Whether {@code joining} cannot join: the course is full and does not hold them already. */
  public static boolean isFull(Course course, StudentId joining) {
    return course.studentIds().size() >= MAX_STUDENTS && !course.studentIds().contains(joining);
  }

  /** The 409 of an enrollment refused at once because the course is visibly full. */
  public static Rejection refusal(CourseId id) {
    return Rejection.conflict("course " + id + " already has " + MAX_STUDENTS + " students");
  }

  /** Why an ADD that found the course full is compensated (the REMOVE's reason). */
  public static String compensationReason(CourseId id) {
    return "course " + id + " has " + MAX_STUDENTS + " students";
  }
}
