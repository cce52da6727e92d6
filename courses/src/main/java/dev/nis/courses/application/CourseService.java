package dev.nis.courses.application;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.AcceptResult;
import dev.nis.courses.domain.ApplyResult;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;

/**
 * The courses service's one port: reads, acceptance of queued mutations, and the apply side that
 * the command consumer calls. Decorators (metrics, logging, caching) implement it too.
 *
 * <p>Infrastructure failures surface as {@link
 * dev.nis.common.application.DependencyUnavailableException}; business outcomes are values.
 */
public interface CourseService {
  Optional<Course> getCourse(CourseId id);

  Page<Course> listCourses(PageRequest page);

  /** The courses whose student_ids hold the student. */
  List<Course> listCoursesByStudent(StudentId studentId);

  /** The students of a course as the students service knows them; empty if no such course. */
  Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id);

  /**
   * Checks what can be checked now (the course exists, for updates and deletes) and queues the
   * command. Nothing is queued when it is refused.
   */
  AcceptResult accept(CourseCommand command);

  /**
   * Applies a queued command. Idempotent: {@code sequence} is the command's position in its stream,
   * and a command whose sequence the course has already seen changes nothing.
   */
  ApplyResult apply(CourseCommand command, long sequence);

  /**
   * Applies one entry of the enrollment log to the course side; appends the compensating REMOVE
   * when the course is missing or full. Idempotent by {@code logSequence}.
   */
  ApplyResult applyEnrollment(EnrollmentChange change, long logSequence);

  Optional<Operation> operation(OperationId id);
}
