package dev.nis.students.application;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.logging.CallLogging;
import dev.nis.students.domain.AcceptResult;
import dev.nis.students.domain.ApplyResult;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import java.util.List;
import java.util.Optional;

/** Logs every call of the port; mutations at info, reads at debug. */
public final class LoggingStudentService implements StudentService {
  private final StudentService next;
  private final CallLogging log;

  public LoggingStudentService(StudentService next, CallLogging log) {
    this.next = next;
    this.log = log;
  }

  @Override
  public Optional<Student> getStudent(StudentId id) {
    return log.read("getStudent", () -> next.getStudent(id));
  }

  @Override
  public Page<Student> listStudents(PageRequest page) {
    return log.read("listStudents", () -> next.listStudents(page));
  }

  @Override
  public List<Student> listStudentsByCourse(CourseId courseId) {
    return log.read("listStudentsByCourse", () -> next.listStudentsByCourse(courseId));
  }

  @Override
  public Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id) {
    return log.read("coursesOfStudent", () -> next.coursesOfStudent(id));
  }

  @Override
  public AcceptResult accept(StudentCommand command) {
    return log.write("accept " + command.action().wireName(), () -> next.accept(command));
  }

  @Override
  public ApplyResult apply(StudentCommand command, long sequence) {
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
