package dev.nis.courses.domain;

import dev.nis.common.domain.Action;
import dev.nis.common.domain.OperationId;

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
}
