package dev.nis.students.domain;

import java.util.List;

/** A course a student is enrolled in, as the courses service describes it. */
public record EnrolledCourse(
    String id,
    String name,
    String description,
    String discipline,
    String teacher,
    List<String> studentIds) {
  public EnrolledCourse {
    studentIds = List.copyOf(studentIds);
  }
}
