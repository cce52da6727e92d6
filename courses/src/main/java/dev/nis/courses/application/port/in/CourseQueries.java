package dev.nis.courses.application.port.in;

import dev.nis.common.application.Answer;
import dev.nis.common.application.CachedView;
import dev.nis.common.application.WireFormat;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The reads of the courses service, called by the HTTP and gRPC adapters. Infrastructure failures
 * surface as {@link dev.nis.common.application.DependencyUnavailableException} (503 / UNAVAILABLE).
 * The marked reads are served cache-aside ({@link dev.nis.common.application.CachedQueries}).
 */
public interface CourseQueries {
  @CachedView(CachedView.View.BY_ID)
  Optional<Course> getCourse(CourseId id);

  /** A page of courses in id order; {@code page.limit()} is 1–1000. */
  @CachedView(CachedView.View.PAGE)
  Page<Course> listCourses(PageRequest page);

  /** The courses whose student_ids hold the student. */
  @CachedView(CachedView.View.RELATED)
  List<Course> listCoursesByStudent(StudentId studentId);

  /**
   * {@link #getCourse} as the transport sends it, once the cache answers (no thread waits for it):
   * the stored bytes of {@code format} on a cache hit (README.md, "Reads"), else the course.
   * Without a cache in front, the course, read at once.
   */
  @CachedView(CachedView.View.BY_ID)
  default CompletionStage<Optional<Answer<Course>>> getCourse(CourseId id, WireFormat format) {
    return CompletableFuture.completedFuture(getCourse(id).map(Answer::loaded));
  }

  /**
   * {@link #listCourses} as the transport sends it, as {@link #getCourse(CourseId, WireFormat)}.
   */
  @CachedView(CachedView.View.PAGE)
  default CompletionStage<Answer<Page<Course>>> listCourses(PageRequest page, WireFormat format) {
    return CompletableFuture.completedFuture(Answer.loaded(listCourses(page)));
  }

  /**
   * {@link #listCoursesByStudent} as the transport sends it, as {@link #getCourse(CourseId,
   * WireFormat)}.
   */
  @CachedView(CachedView.View.RELATED)
  default CompletionStage<Answer<List<Course>>> listCoursesByStudent(
      StudentId studentId, WireFormat format) {
    return CompletableFuture.completedFuture(Answer.loaded(listCoursesByStudent(studentId)));
  }

  /**
   * The students of a course as the students service knows them (over gRPC); empty if no such
   * course.
   */
  Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id);
}
