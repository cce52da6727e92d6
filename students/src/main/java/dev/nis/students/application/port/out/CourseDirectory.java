package dev.nis.students.application.port.out;

import dev.nis.common.domain.StudentId;
import dev.nis.students.domain.EnrolledCourse;
import java.util.List;

/** The courses service's reads, as the students side needs them (over gRPC). */
public interface CourseDirectory {
  /**
   * The courses whose student_ids hold the student; throws {@link
   * dev.nis.common.application.DependencyUnavailableException} when the peer cannot answer in time.
   */
  List<EnrolledCourse> coursesOfStudent(StudentId studentId);
}
