package dev.nis.courses.application;

import dev.nis.common.application.CacheAside;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.application.port.in.CourseQueries;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;

/**
 * Cache-aside reads of courses (by id, pages, courses of a student). Invalidation is not here: it
 * happens where a change is applied, in common-lib's {@code CommandApplier}. The students of a
 * course are the peer's answer and are not cached.
 */
public final class CachingCourseQueries implements CourseQueries {
  private final CourseQueries next;
  private final CacheAside<Course, CourseId, StudentId> cache;

  public CachingCourseQueries(CourseQueries next, ReadCache<Course, CourseId, StudentId> cache) {
    this.next = next;
    this.cache = new CacheAside<>(cache);
  }

  @Override
  public Optional<Course> getCourse(CourseId id) {
    return cache.byId(id, next::getCourse);
  }

  @Override
  public Page<Course> listCourses(PageRequest page) {
    return cache.page(page, next::listCourses);
  }

  @Override
  public List<Course> listCoursesByStudent(StudentId studentId) {
    return cache.related(studentId, next::listCoursesByStudent);
  }

  @Override
  public Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id) {
    return next.studentsOfCourse(id);
  }
}
