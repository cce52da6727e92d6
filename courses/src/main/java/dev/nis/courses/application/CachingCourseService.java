package dev.nis.courses.application;

import dev.nis.common.application.CacheRead;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.application.port.CourseCache;
import dev.nis.courses.domain.AcceptResult;
import dev.nis.courses.domain.ApplyResult;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Cache-aside reads, and invalidation where a change is applied: after the database write and
 * before the consumer marks the operation applied. Fills carry the token of the look-up, so a slow
 * reader cannot write back a value older than an invalidation.
 */
public final class CachingCourseService implements CourseService {
  private final CourseService next;
  private final CourseCache cache;

  public CachingCourseService(CourseService next, CourseCache cache) {
    this.next = next;
    this.cache = cache;
  }

  @Override
  public Optional<Course> getCourse(CourseId id) {
    CacheRead<Course> read = cache.getCourse(id);
    if (read.value().isPresent()) {
      return read.value();
    }
    Optional<Course> course = next.getCourse(id);
    course.ifPresent(c -> read.fillToken().ifPresent(token -> cache.putCourse(c, token)));
    return course;
  }

  @Override
  public Page<Course> listCourses(PageRequest page) {
    return readThrough(
        cache.getPage(page),
        () -> next.listCourses(page),
        (value, token) -> cache.putPage(page, value, token));
  }

  @Override
  public List<Course> listCoursesByStudent(StudentId studentId) {
    return readThrough(
        cache.getCoursesOfStudent(studentId),
        () -> next.listCoursesByStudent(studentId),
        (value, token) -> cache.putCoursesOfStudent(studentId, value, token));
  }

  private static <T> T readThrough(
      CacheRead<T> read, Supplier<T> load, BiConsumer<T, String> fill) {
    if (read.value().isPresent()) {
      return read.value().get();
    }
    T value = load.get();
    read.fillToken().ifPresent(token -> fill.accept(value, token));
    return value;
  }

  @Override
  public Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id) {
    return next.studentsOfCourse(id);
  }

  @Override
  public AcceptResult accept(CourseCommand command) {
    return next.accept(command);
  }

  @Override
  public ApplyResult apply(CourseCommand command, long sequence) {
    return invalidated(next.apply(command, sequence));
  }

  private ApplyResult invalidated(ApplyResult result) {
    if (result instanceof ApplyResult.Applied applied) {
      cache.invalidate(applied.courseId(), applied.touchedStudents());
    }
    return result;
  }

  @Override
  public ApplyResult applyEnrollment(EnrollmentChange change, long logSequence) {
    return invalidated(next.applyEnrollment(change, logSequence));
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return next.operation(id);
  }
}
