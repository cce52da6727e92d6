package dev.nis.courses.e2e;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Operation;
import dev.nis.courses.adapter.proto.CourseCommandCodec;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.CourseFields;
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
 * with the service's rules. What the service stored and reported must equal it.
 */
final class CommandStreamModel {
  final List<CourseCommand> commands = new ArrayList<>();
  final Map<CourseId, CourseFields> courses = new LinkedHashMap<>();
  final Map<String, Operation.State> outcomes = new HashMap<>();

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
          model.apply(CourseCommandCodec.decode(message.getData()));
        }
      }
    } finally {
      sub.unsubscribe();
    }
  }

  private void apply(CourseCommand command) {
    commands.add(command);
    boolean live = courses.containsKey(command.courseId());
    boolean applied =
        switch (command) {
          case CourseCommand.Create create ->
              courses.putIfAbsent(create.courseId(), create.fields()) == null;
          case CourseCommand.Update update ->
              live && courses.put(update.courseId(), update.fields()) != null;
          case CourseCommand.Delete delete -> live && courses.remove(delete.courseId()) != null;
          case CourseCommand.Enroll enroll -> live;
          case CourseCommand.Unenroll unenroll -> live;
        };
    outcomes.put(
        command.operationId().toString(),
        applied ? Operation.State.APPLIED : Operation.State.REJECTED);
  }

  long distinctOperations() {
    return commands.stream().map(CourseCommand::operationId).distinct().count();
  }
}
