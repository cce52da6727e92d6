package dev.nis.courses.application.port.in;

import dev.nis.common.application.CachedView;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;

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
   * The students of a course as the students service knows them (over gRPC); empty if no such
   * course.
   */
  Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id);
}
