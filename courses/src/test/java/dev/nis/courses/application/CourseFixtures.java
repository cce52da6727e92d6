package dev.nis.courses.application;

import dev.nis.courses.domain.CourseFields;
import dev.nis.courses.domain.StudentId;
import java.util.List;
import java.util.UUID;

/** Valid course fields for core tests. */
final class CourseFixtures {
  private CourseFixtures() {}

  static CourseFields algebra(StudentId... students) {
    return new CourseFields(
        "Algebra", "Groups, rings, fields", "Mathematics", "Noether", List.of(students));
  }

  static CourseFields optics(StudentId... students) {
    return new CourseFields("Optics", "Light and lenses", "Physics", "Huygens", List.of(students));
  }

  static StudentId aStudent() {
    return new StudentId(UUID.randomUUID());
  }
}
