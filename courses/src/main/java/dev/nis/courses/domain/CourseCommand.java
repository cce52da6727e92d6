package dev.nis.courses.domain;

import dev.nis.common.domain.Action;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.StudentId;

/** A queued change to one course; applied one at a time by the command consumer. */
public sealed interface CourseCommand {
  OperationId operationId();

  CourseId courseId();

  Action action();

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
      implements CourseCommand {
    @Override
    public Action action() {
      return Action.CREATE;
    }
  }

  record Update(OperationId operationId, CourseId courseId, CourseFields fields)
      implements CourseCommand {
    @Override
    public Action action() {
      return Action.UPDATE;
    }
  }

  record Delete(OperationId operationId, CourseId courseId) implements CourseCommand {
    @Override
    public Action action() {
      return Action.DELETE;
    }
  }

  /** Enrolls one student: appends ADD(course, student) to the enrollment log. */
  record Enroll(OperationId operationId, CourseId courseId, StudentId studentId)
      implements CourseCommand {
    @Override
    public Action action() {
      return Action.ENROLL;
    }
  }

  /** Unenrolls one student: appends REMOVE(course, student) to the enrollment log. */
  record Unenroll(OperationId operationId, CourseId courseId, StudentId studentId)
      implements CourseCommand {
    @Override
    public Action action() {
      return Action.UNENROLL;
    }
  }
}
