package dev.nis.students.application;

import dev.nis.common.application.CacheRead;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.application.port.StudentCache;
import dev.nis.students.domain.AcceptResult;
import dev.nis.students.domain.ApplyResult;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Cache-aside reads, and invalidation where a change is applied: after the database write and
 * before the consumer marks the operation applied. Fills carry the token of the look-up, so a slow
 * reader cannot write back a value older than an invalidation.
 */
public final class CachingStudentService implements StudentService {
  private final StudentService next;
  private final StudentCache cache;

  public CachingStudentService(StudentService next, StudentCache cache) {
    this.next = next;
    this.cache = cache;
  }

  @Override
  public Optional<Student> getStudent(StudentId id) {
    CacheRead<Student> read = cache.getStudent(id);
    if (read.value().isPresent()) {
      return read.value();
    }
    Optional<Student> student = next.getStudent(id);
    student.ifPresent(s -> read.fillToken().ifPresent(token -> cache.putStudent(s, token)));
    return student;
  }

  @Override
  public Page<Student> listStudents(PageRequest page) {
    return readThrough(
        cache.getPage(page),
        () -> next.listStudents(page),
        (value, token) -> cache.putPage(page, value, token));
  }

  @Override
  public List<Student> listStudentsByCourse(CourseId courseId) {
    return readThrough(
        cache.getStudentsOfCourse(courseId),
        () -> next.listStudentsByCourse(courseId),
        (value, token) -> cache.putStudentsOfCourse(courseId, value, token));
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
  public Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id) {
    return next.coursesOfStudent(id);
  }

  @Override
  public AcceptResult accept(StudentCommand command) {
    return next.accept(command);
  }

  @Override
  public ApplyResult apply(StudentCommand command, long sequence) {
    return invalidated(next.apply(command, sequence));
  }

  @Override
  public ApplyResult applyEnrollment(EnrollmentChange change, long logSequence) {
    return invalidated(next.applyEnrollment(change, logSequence));
  }

  private ApplyResult invalidated(ApplyResult result) {
    if (result instanceof ApplyResult.Applied applied) {
      cache.invalidate(applied.studentId(), applied.touchedCourses());
    }
    return result;
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return next.operation(id);
  }
}
