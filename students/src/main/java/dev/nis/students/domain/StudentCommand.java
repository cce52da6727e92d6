package dev.nis.students.domain;

import dev.nis.common.domain.Action;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.StudentId;

/** A queued change to one student; applied in stream order by the command consumer. */
public sealed interface StudentCommand extends Command<StudentId> {
  StudentId studentId();

  @Override
  default StudentId entityId() {
    return studentId();
  }

  @Override
  default Action action() {
    return switch (this) {
      case Create c -> Action.CREATE;
      case Update u -> Action.UPDATE;
      case Delete d -> Action.DELETE;
      case Enroll e -> Action.ENROLL;
      case Unenroll u -> Action.UNENROLL;
    };
  }

  /**
   * The same change under other ids: a repeated request's (same Idempotency-Key), which is answered
   * with its first request's operation. Only a create's student id differs from this one's.
   */
  default StudentCommand withIds(OperationId operationId, StudentId studentId) {
    return switch (this) {
      case Create c -> new Create(operationId, studentId, c.fields());
      case Update u -> new Update(operationId, studentId, u.fields());
      case Delete d -> new Delete(operationId, studentId);
      case Enroll e -> new Enroll(operationId, studentId, e.courseId());
      case Unenroll u -> new Unenroll(operationId, studentId, u.courseId());
    };
  }

  static Create create(StudentFields fields) {
    return new Create(OperationId.random(), StudentId.next(), fields);
  }

  static Update update(StudentId id, StudentFields fields) {
    return new Update(OperationId.random(), id, fields);
  }

  static Delete delete(StudentId id) {
    return new Delete(OperationId.random(), id);
  }

  record Create(OperationId operationId, StudentId studentId, StudentFields fields)
      implements StudentCommand {}

  record Update(OperationId operationId, StudentId studentId, StudentFields fields)
      implements StudentCommand {}

  static Enroll enroll(StudentId id, CourseId course) {
    return new Enroll(OperationId.random(), id, course);
  }

  static Unenroll unenroll(StudentId id, CourseId course) {
    return new Unenroll(OperationId.random(), id, course);
  }

  /** Enrolls the student in one course: appends ADD(course, student) to the enrollment log. */
  record Enroll(OperationId operationId, StudentId studentId, CourseId courseId)
      implements StudentCommand {}

  /** Unenrolls the student from one course: appends REMOVE(course, student). */
  record Unenroll(OperationId operationId, StudentId studentId, CourseId courseId)
      implements StudentCommand {}

  record Delete(OperationId operationId, StudentId studentId) implements StudentCommand {}
}
