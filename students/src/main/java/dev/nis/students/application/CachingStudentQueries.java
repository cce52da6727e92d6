package dev.nis.students.application;

import dev.nis.common.application.CacheAside;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.application.port.in.StudentQueries;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import java.util.List;
import java.util.Optional;

/**
 * Cache-aside reads of students (by id, pages, students of a course). Invalidation is not here: it
 * happens where a change is applied, in common-lib's {@code CommandApplier}. The courses of a
 * student are the peer's answer and are not cached.
 */
public final class CachingStudentQueries implements StudentQueries {
  private final StudentQueries next;
  private final CacheAside<Student, StudentId, CourseId> cache;

  public CachingStudentQueries(StudentQueries next, ReadCache<Student, StudentId, CourseId> cache) {
    this.next = next;
    this.cache = new CacheAside<>(cache);
  }

  @Override
  public Optional<Student> getStudent(StudentId id) {
    return cache.byId(id, next::getStudent);
  }

  @Override
  public Page<Student> listStudents(PageRequest page) {
    return cache.page(page, next::listStudents);
  }

  @Override
  public List<Student> listStudentsByCourse(CourseId courseId) {
    return cache.related(courseId, next::listStudentsByCourse);
  }

  @Override
  public Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id) {
    return next.coursesOfStudent(id);
  }
}
