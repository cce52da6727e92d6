package dev.nis.courses.domain;

import dev.nis.common.domain.Action;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.StudentId;

/** A queued change to one course; applied in stream order by the command consumer. */
public sealed interface CourseCommand extends Command<CourseId> {
  CourseId courseId();

  @Override
  default CourseId entityId() {
    return courseId();
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
   * with its first request's operation. Only a create's course id differs from this one's.
   */
  default CourseCommand withIds(OperationId operationId, CourseId courseId) {
    return switch (this) {
      case Create c -> new Create(operationId, courseId, c.fields());
      case Update u -> new Update(operationId, courseId, u.fields());
      case Delete d -> new Delete(operationId, courseId);
      case Enroll e -> new Enroll(operationId, courseId, e.studentId());
      case Unenroll u -> new Unenroll(operationId, courseId, u.studentId());
    };
  }

  static Create create(CourseFields fields) {
    return new Create(OperationId.random(), CourseId.next(), fields);
  }

  static Update update(CourseId id, CourseFields fields) {
    return new Update(OperationId.random(), id, fields);
  }

  static Delete delete(CourseId id) {
    return new Delete(OperationId.random(), id);
  }

  static Enroll enroll(CourseId id, StudentId student) {
    return new Enroll(OperationId.random(), id, student);
  }

  static Unenroll unenroll(CourseId id, StudentId student) {
    return new Unenroll(OperationId.random(), id, student);
  }

  record Create(OperationId operationId, CourseId courseId, CourseFields fields)
      implements CourseCommand {}

  record Update(OperationId operationId, CourseId courseId, CourseFields fields)
      implements CourseCommand {}

  record Delete(OperationId operationId, CourseId courseId) implements CourseCommand {}

  /** Enrolls one student: appends ADD(course, student) to the enrollment log. */
  record Enroll(OperationId operationId, CourseId courseId, StudentId studentId)
      implements CourseCommand {}

  /** Unenrolls one student: appends REMOVE(course, student) to the enrollment log. */
  record Unenroll(OperationId operationId, CourseId courseId, StudentId studentId)
      implements CourseCommand {}
}
