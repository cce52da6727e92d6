package dev.nis.courses.adapter.in.grpc;

import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseFields;
import dev.nis.courses.domain.CourseId;
import dev.nis.courses.domain.StudentId;
import java.util.Arrays;
import java.util.UUID;

/**
 * Courses for adapter tests. Student lists are built with {@code Arrays.asList}: CourseFields
 * checks {@code contains(null)}, which {@code List.of} answers with a NullPointerException.
 */
final class CourseFixture {
  private CourseFixture() {}

  static Course course(String name, StudentId... students) {
    return new Course(
        CourseId.next(),
        new CourseFields(
            name, "An introduction", "Science", "Ada Lovelace", Arrays.asList(students)));
  }

  static StudentId student() {
    return new StudentId(UUID.randomUUID());
  }
}
