package dev.nis.students.application;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.metrics.CallMetrics;
import dev.nis.students.domain.AcceptResult;
import dev.nis.students.domain.ApplyResult;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import java.util.List;
import java.util.Optional;

/** Counts and times every call of the port, tagged with the inbound transport. */
public final class MeteredStudentService implements StudentService {
  private final StudentService next;
  private final CallMetrics metrics;

  public MeteredStudentService(StudentService next, CallMetrics metrics) {
    this.next = next;
    this.metrics = metrics;
  }

  @Override
  public Optional<Student> getStudent(StudentId id) {
    return metrics.record("getStudent", () -> next.getStudent(id));
  }

  @Override
  public Page<Student> listStudents(PageRequest page) {
    return metrics.record("listStudents", () -> next.listStudents(page));
  }

  @Override
  public List<Student> listStudentsByCourse(CourseId courseId) {
    return metrics.record("listStudentsByCourse", () -> next.listStudentsByCourse(courseId));
  }

  @Override
  public Optional<List<EnrolledCourse>> coursesOfStudent(StudentId id) {
    return metrics.record("coursesOfStudent", () -> next.coursesOfStudent(id));
  }

  @Override
  public AcceptResult accept(StudentCommand command) {
    return metrics.record("accept", () -> next.accept(command));
  }

  @Override
  public ApplyResult apply(StudentCommand command, long sequence) {
    return metrics.record("apply", () -> next.apply(command, sequence));
  }

  @Override
  public ApplyResult applyEnrollment(EnrollmentChange change, long logSequence) {
    return metrics.record("applyEnrollment", () -> next.applyEnrollment(change, logSequence));
  }

  @Override
  public Optional<Operation> operation(OperationId id) {
    return metrics.record("operation", () -> next.operation(id));
  }
}
