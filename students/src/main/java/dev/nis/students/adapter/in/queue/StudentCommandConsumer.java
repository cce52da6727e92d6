package dev.nis.students.adapter.in.queue;

import dev.nis.common.application.OperationLog;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.jetstream.MessageHandler;
import dev.nis.students.adapter.out.nats.StudentCommandCodec;
import dev.nis.students.application.StudentService;
import dev.nis.students.domain.ApplyResult;
import dev.nis.students.domain.StudentCommand;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies student commands from the command stream, one at a time, and records each outcome after
 * the change (and the cache invalidation) is done, so that "applied" is never early.
 */
public final class StudentCommandConsumer implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(StudentCommandConsumer.class);

  private final StudentService service;
  private final OperationLog operations;

  public StudentCommandConsumer(StudentService service, OperationLog operations) {
    this.service = service;
    this.operations = operations;
  }

  @Override
  public void handle(Message message) {
    StudentCommand command = StudentCommandCodec.decode(message.getData());
    try (MDC.MDCCloseable op = MDC.putCloseable("operation_id", command.operationId().toString())) {
      ApplyResult result = service.apply(command, message.metaData().streamSequence());
      String entity = command.studentId().toString();
      operations.recordOutcome(
          switch (result) {
            case ApplyResult.Applied applied ->
                Operation.applied(command.operationId(), entity, command.action());
            case ApplyResult.Rejected rejected ->
                Operation.rejected(
                    command.operationId(), entity, command.action(), rejected.rejection());
          });
    }
  }

  /** Turns the operation's pending record into a rejection, so that it ends (I1). */
  @Override
  public void onDeadLetter(Message message, String reason) {
    String id = message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id");
    if (id == null) {
      log.error("dead-lettered a command without an operation id: {}", reason);
      return;
    }
    OperationId operationId = OperationId.parse(id);
    operations
        .find(operationId)
        .ifPresentOrElse(
            pending ->
                operations.recordOutcome(
                    Operation.rejected(
                        operationId,
                        pending.entityId(),
                        pending.action(),
                        new Rejection(
                            Rejection.Kind.UNPROCESSABLE, "the command could not be applied"))),
            () -> log.error("dead-lettered operation {} has no record: {}", operationId, reason));
  }
}
