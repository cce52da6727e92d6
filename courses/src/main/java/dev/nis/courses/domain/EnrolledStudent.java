package dev.nis.courses.domain;

import java.util.List;

/** A student enrolled in a course, as the students service describes it. */
public record EnrolledStudent(
    String id, String name, String firstName, String lastName, List<String> courseIds) {
  public EnrolledStudent {
    courseIds = List.copyOf(courseIds);
  }
}
