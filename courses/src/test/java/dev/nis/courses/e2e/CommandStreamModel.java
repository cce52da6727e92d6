package dev.nis.courses.e2e;

import dev.nis.common.domain.CourseId;
import dev.nis.common.testing.e2e.CommandReplay;
import dev.nis.courses.adapter.proto.CourseCommandCodec;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.CourseFields;

/**
 * The expected outcome of the course command stream: a change of a missing course is rejected, a
 * create of an existing one too.
 */
final class CommandStreamModel extends CommandReplay<CourseCommand, CourseId, CourseFields> {
  CommandStreamModel() {
    super(CourseCommandCodec::decode, CourseCommand::operationId);
  }

  @Override
  protected boolean applies(CourseCommand command) {
    boolean live = state.containsKey(command.courseId());
    return switch (command) {
      case CourseCommand.Create create ->
          state.putIfAbsent(create.courseId(), create.fields()) == null;
      case CourseCommand.Update update ->
          live && state.put(update.courseId(), update.fields()) != null;
      case CourseCommand.Delete delete -> live && state.remove(delete.courseId()) != null;
      case CourseCommand.Enroll enroll -> live;
      case CourseCommand.Unenroll unenroll -> live;
    };
  }
}
