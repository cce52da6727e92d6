package dev.nis.courses.application;

import static dev.nis.courses.testing.CourseFixtures.COURSES;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.InMemoryGuardedStore;
import dev.nis.courses.application.port.out.CourseRepository;
import dev.nis.courses.domain.Course;

/**
 * Courses in common-lib's {@link InMemoryGuardedStore} (the real stores' sequence guard, tombstones
 * and cap), as a {@link CourseRepository}.
 */
final class InMemoryCourseRepository extends InMemoryGuardedStore<Course, CourseId, StudentId>
    implements CourseRepository {
  InMemoryCourseRepository() {
    super(COURSES, id -> CourseId.parse("cursor", id), (one, other) -> false);
  }

  /** The store as the core sees it. */
  CourseRepository asPort() {
    return this;
  }
}
