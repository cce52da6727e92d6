package dev.nis.students.e2e;

import dev.nis.common.domain.Operation;
import dev.nis.common.domain.StudentId;
import dev.nis.students.adapter.proto.StudentCommandCodec;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected outcome of a command stream: every command in stream order, applied to a plain map
 * with the service's rules (a change of a missing student is rejected, and so is a full name that
 * another live student has). What the service stored and reported must equal it. Courses are not
 * modelled: they arrive through the enrollment log, and the kill test enrolls in none.
 */
final class CommandStreamModel {
  final List<StudentCommand> commands = new ArrayList<>();
  final Map<StudentId, StudentFields> students = new LinkedHashMap<>();
  final Map<String, Operation.State> outcomes = new HashMap<>();
  int rejectedAsDuplicates;

  static CommandStreamModel replay(Connection nats, String stream, String subject)
      throws Exception {
    CommandStreamModel model = new CommandStreamModel();
    JetStreamSubscription sub =
        nats.jetStream().subscribe(subject, PullSubscribeOptions.builder().stream(stream).build());
    try {
      while (true) {
        List<Message> batch = sub.fetch(256, Duration.ofMillis(500));
        if (batch.isEmpty()) {
          return model;
        }
        for (Message message : batch) {
          message.ack();
          model.apply(StudentCommandCodec.decode(message.getData()));
        }
      }
    } finally {
      sub.unsubscribe();
    }
  }

  private void apply(StudentCommand command) {
    commands.add(command);
    boolean live = students.containsKey(command.studentId());
    boolean applied =
        switch (command) {
          case StudentCommand.Create create ->
              !live
                  && unique(create.studentId(), create.fields())
                  && put(create.studentId(), create.fields());
          case StudentCommand.Update update ->
              live
                  && unique(update.studentId(), update.fields())
                  && put(update.studentId(), update.fields());
          case StudentCommand.Delete delete -> live && students.remove(delete.studentId()) != null;
          case StudentCommand.Enroll enroll -> live;
          case StudentCommand.Unenroll unenroll -> live;
        };
    outcomes.put(
        command.operationId().toString(),
        applied ? Operation.State.APPLIED : Operation.State.REJECTED);
  }

  private boolean unique(StudentId self, StudentFields fields) {
    boolean unique =
        students.entrySet().stream()
            .noneMatch(e -> !e.getKey().equals(self) && e.getValue().sameFullName(fields));
    if (!unique) {
      rejectedAsDuplicates++;
    }
    return unique;
  }

  private boolean put(StudentId id, StudentFields fields) {
    students.put(id, fields);
    return true;
  }

  long distinctOperations() {
    return commands.stream().map(StudentCommand::operationId).distinct().count();
  }
}
