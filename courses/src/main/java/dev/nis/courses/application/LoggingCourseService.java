package dev.nis.courses.application;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.logging.CallLogging;
import dev.nis.courses.domain.AcceptResult;
import dev.nis.courses.domain.ApplyResult;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;

/** Logs every call of the port; mutations at info, reads at debug. */
public final class LoggingCourseService implements CourseService {
  private final CourseService next;
  private final CallLogging log;

  public LoggingCourseService(CourseService next, CallLogging log) {
    this.next = next;
    this.log = log;
  }

  @Override
  public Optional<Course> getCourse(CourseId id) {
    return log.read("getCourse", () -> next.getCourse(id));
  }

  @Override
  public Page<Course> listCourses(PageRequest page) {
    return log.read("listCourses", () -> next.listCourses(page));
  }

  @Override
  public List<Course> listCoursesByStudent(StudentId studentId) {
    return log.read("listCoursesByStudent", () -> next.listCoursesByStudent(studentId));
  }

  @Override
  public Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id) {
    return log.read("studentsOfCourse", () -> next.studentsOfCourse(id));
  }

  @Override
  public AcceptResult accept(CourseCommand command) {
    return log.write("accept " + command.action().wireName(), () -> next.accept(command));
  }

  @Override
  public ApplyResult apply(CourseCommand command, long sequence) {
    return log.write("apply " + command.action().wireName(), () -> next.apply(command, sequence));
  }

  @Override
  public ApplyResult applyEnrollment(EnrollmentChange change, long logSequence) {
    return log.write(
        "apply enrollment " + change.kind(), () -> next.applyEnrollment(change, logSequence));
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return log.read("operation", () -> next.operation(id));
  }
}
