package dev.nis.courses.application;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.StudentId;
import dev.nis.common.metrics.CallMetrics;
import dev.nis.courses.domain.AcceptResult;
import dev.nis.courses.domain.ApplyResult;
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;

/** Counts and times every call of the port, tagged with the inbound transport. */
public final class MeteredCourseService implements CourseService {
  private final CourseService next;
  private final CallMetrics metrics;

  public MeteredCourseService(CourseService next, CallMetrics metrics) {
    this.next = next;
    this.metrics = metrics;
  }

  @Override
  public Optional<Course> getCourse(CourseId id) {
    return metrics.record("getCourse", () -> next.getCourse(id));
  }

  @Override
  public Page<Course> listCourses(PageRequest page) {
    return metrics.record("listCourses", () -> next.listCourses(page));
  }

  @Override
  public List<Course> listCoursesByStudent(StudentId studentId) {
    return metrics.record("listCoursesByStudent", () -> next.listCoursesByStudent(studentId));
  }

  @Override
  public Optional<List<EnrolledStudent>> studentsOfCourse(CourseId id) {
    return metrics.record("studentsOfCourse", () -> next.studentsOfCourse(id));
  }

  @Override
  public AcceptResult accept(CourseCommand command) {
    return metrics.record("accept", () -> next.accept(command));
  }

  @Override
  public ApplyResult apply(CourseCommand command, long sequence) {
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
