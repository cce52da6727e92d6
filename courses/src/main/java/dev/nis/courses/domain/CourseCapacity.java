package dev.nis.courses.domain;

import dev.nis.common.domain.Capacity;

/** The rule "a course holds at most 60 students", in one place (see {@link Capacity}). */
public final class CourseCapacity {
  public static final int MAX_STUDENTS = 60;
  public static final Capacity STUDENTS = new Capacity("course", MAX_STUDENTS, "students");

  private CourseCapacity() {}
}
