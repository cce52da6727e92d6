package dev.nis.courses.application;

import static dev.nis.courses.testing.CourseFixtures.COURSES;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.InMemoryGuardedStore;
import dev.nis.common.testing.PortView;
import dev.nis.courses.application.port.out.CourseRepository;
import dev.nis.courses.domain.Course;

/**
 * Courses in common-lib's {@link InMemoryGuardedStore} (the real stores' sequence guard, tombstones
 * and cap), seen as a {@link CourseRepository}.
 */
final class InMemoryCourseRepository extends InMemoryGuardedStore<Course, CourseId, StudentId> {
  InMemoryCourseRepository() {
    super(COURSES, id -> CourseId.parse("cursor", id), (one, other) -> false);
  }

  /** The port, with its names for the reads and writes of a course's students. */
  CourseRepository asPort() {
    return PortView.of(CourseRepository.class, this, RELATED_NAMES);
  }

  private static final String RELATED_NAMES =
      "findByStudent=findHolding, addStudent=add, removeStudent=remove, studentsOfDeleted=relatedOfDeleted";
}
