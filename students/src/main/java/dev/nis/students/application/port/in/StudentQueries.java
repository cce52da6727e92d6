package dev.nis.students.application.port.in;

import dev.nis.common.application.Answer;
import dev.nis.common.application.CachedView;
import dev.nis.common.application.WireFormat;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The reads of the students service, called by the HTTP and gRPC adapters. Infrastructure failures
 * surface as {@link dev.nis.common.application.DependencyUnavailableException} (503 / UNAVAILABLE).
 * The marked reads are served cache-aside ({@link dev.nis.common.application.CachedQueries}).
 */
public interface StudentQueries {
  @CachedView(CachedView.View.BY_ID)
  Optional<Student> getStudent(StudentId id);

  /** A page of students in id order; {@code page.limit()} is 1–1000. */
  @CachedView(CachedView.View.PAGE)
  Page<Student> listStudents(PageRequest page);

  /** The students whose course_ids hold the course. */
  @CachedView(CachedView.View.RELATED)
  List<Student> listStudentsByCourse(CourseId courseId);

  /**
   * {@link #getStudent} as the transport sends it, once the cache answers (no thread waits for it):
   * the stored bytes of {@code format} on a cache hit (README.md, "Reads"), else the student.
   * Without a cache in front, the student, read at once.
   */
  @CachedView(CachedView.View.BY_ID)
  default CompletionStage<Optional<Answer<Student>>> getStudent(StudentId id, WireFormat format) {
    return CompletableFuture.completedFuture(getStudent(id).map(Answer::loaded));
  }

  /**
   * {@link #listStudents} as the transport sends it, as {@link #getStudent(StudentId, WireFormat)}.
   */
  @CachedView(CachedView.View.PAGE)
  default CompletionStage<Answer<Page<Student>>> listStudents(PageRequest page, WireFormat format) {
    return CompletableFuture.completedFuture(Answer.loaded(listStudents(page)));
  }

  /**
   * {@link #listStudentsByCourse} as the transport sends it, as {@link #getStudent(StudentId,
   * WireFormat)}.
   */
  @CachedView(CachedView.View.RELATED)
  default CompletionStage<Answer<List<Student>>> listStudentsByCourse(
      CourseId courseId, WireFormat format) {
    return CompletableFuture.completedFuture(Answer.loaded(listStudentsByCourse(courseId)));
  }

  /**
   * A page of live students in id order as the store holds them, never from the cache: the courses
   * service's reconciliation reads the students' half of the relation here (README.md,
   * "Reconciliation"), and a cache filled before a change written outside the log would hide it.
   */
  Page<Student> storedStudents(PageRequest page);

  /** The live students among {@code ids}, in id order, read from the store as above. */
  List<Student> storedStudents(List<StudentId> ids);

  /**
   * The courses of a student as the courses service knows them (over gRPC); empty if no such
   * student.
   */
  Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id);
}
