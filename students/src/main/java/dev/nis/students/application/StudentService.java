package dev.nis.students.application;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.students.domain.AcceptResult;
import dev.nis.students.domain.ApplyResult;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import java.util.List;
import java.util.Optional;

/**
 * The students service's one port: reads, acceptance of queued mutations, and the apply side that
 * the command consumer calls. Decorators (metrics, logging, caching) implement it too.
 *
 * <p>Infrastructure failures surface as {@link
 * dev.nis.common.application.DependencyUnavailableException}; business outcomes are values.
 */
public interface StudentService {
  Optional<Student> getStudent(StudentId id);

  Page<Student> listStudents(PageRequest page);

  /** The students whose course_ids hold the course. */
  List<Student> listStudentsByCourse(CourseId courseId);

  /** The courses of a student as the courses service knows them; empty if no such student. */
  Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id);

  /**
   * Checks what can be checked now (the student exists, for updates and deletes; no other live
   * student has the full name, for creates and updates) and queues the command. Nothing is queued
   * when it is refused.
   */
  AcceptResult accept(StudentCommand command);

  /**
   * Applies a queued command. Idempotent: {@code sequence} is the command's position in its stream,
   * and a command whose sequence the student has already seen changes nothing.
   */
  ApplyResult apply(StudentCommand command, long sequence);

  /**
   * Applies one entry of the enrollment log to the student side; appends the compensating REMOVE
   * when the student is missing or full. Idempotent by {@code logSequence}.
   */
  ApplyResult applyEnrollment(EnrollmentChange change, long logSequence);

  Optional<Operation> operation(OperationId id);
}
