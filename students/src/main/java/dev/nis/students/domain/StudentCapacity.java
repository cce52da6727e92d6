package dev.nis.students.domain;

import dev.nis.common.domain.Capacity;

/** The rule "a student holds at most 15 courses", in one place (see {@link Capacity}). */
public final class StudentCapacity {
  public static final int MAX_COURSES = 15;
  public static final Capacity COURSES = new Capacity("student", MAX_COURSES, "courses");

  private StudentCapacity() {}
}
