package dev.nis.students.e2e;

import dev.nis.common.domain.StudentId;
import dev.nis.common.testing.e2e.CommandReplay;
import dev.nis.students.adapter.proto.StudentCommandCodec;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;

/**
 * The expected outcome of the student command stream: a change of a missing student is rejected,
 * and so is a full name that another live student has. Which of two students' commands that give
 * one full name wins depends on the order their partitions applied them, so the model follows the
 * service there, provided a rival command with that full name exists. Courses are not modelled:
 * they arrive through the enrollment log, and the kill test enrolls in none.
 */
final class CommandStreamModel extends CommandReplay<StudentCommand, StudentId, StudentFields> {
  private int rejectedAsDuplicates;

  CommandStreamModel() {
    super(StudentCommandCodec::decode, StudentCommand::operationId);
  }

  @Override
  protected boolean applies(StudentCommand command) {
    boolean live = state.containsKey(command.studentId());
    return switch (command) {
      case StudentCommand.Create create ->
          !live
              && unique(create, create.studentId(), create.fields())
              && put(create.studentId(), create.fields());
      case StudentCommand.Update update ->
          live
              && unique(update, update.studentId(), update.fields())
              && put(update.studentId(), update.fields());
      case StudentCommand.Delete delete -> live && state.remove(delete.studentId()) != null;
      case StudentCommand.Enroll enroll -> live;
      case StudentCommand.Unenroll unenroll -> live;
    };
  }

  private boolean unique(StudentCommand command, StudentId self, StudentFields fields) {
    boolean rivalInStream =
        commands.stream()
            .anyMatch(other -> !other.studentId().equals(self) && named(other, fields));
    boolean unique = !rivalInStream || !"rejected".equals(reported(command));
    if (!unique) {
      rejectedAsDuplicates++;
    }
    return unique;
  }

  private static boolean named(StudentCommand command, StudentFields fields) {
    return switch (command) {
      case StudentCommand.Create create -> create.fields().sameFullName(fields);
      case StudentCommand.Update update -> update.fields().sameFullName(fields);
      default -> false;
    };
  }

  private boolean put(StudentId id, StudentFields fields) {
    state.put(id, fields);
    return true;
  }

  @Override
  public String summary() {
    return ", " + rejectedAsDuplicates + " rejected as duplicates when applied";
  }
}
