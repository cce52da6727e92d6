package dev.nis.courses.application.port.out;

import dev.nis.common.domain.CourseId;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;

/** The students service's reads, as the courses side needs them (over gRPC). */
public interface StudentDirectory {
  /**
   * The students whose course_ids hold the course; throws {@link
   * dev.nis.common.application.DependencyUnavailableException} when the peer cannot answer in time.
   */
  List<EnrolledStudent> studentsOfCourse(CourseId courseId);
}
