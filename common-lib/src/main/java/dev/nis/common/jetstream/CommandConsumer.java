package dev.nis.common.jetstream;

import dev.nis.common.application.CommandApplier;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.ValidationException;
import io.nats.client.Message;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The inbound queue adapter of a command stream: decodes each message with the service's codec and
 * hands it to the {@link CommandApplier}. A message that does not decode is poison (the codec
 * throws {@link PoisonMessageException}) and goes to the dead letters at once.
 *
 * @param <C> the service's command type
 */
public final class CommandConsumer<C extends Command<?>> implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(CommandConsumer.class);

  private final Function<byte[], C> decoder;
  private final CommandApplier<C, ?, ?> applier;

  public CommandConsumer(Function<byte[], C> decoder, CommandApplier<C, ?, ?> applier) {
    this.decoder = decoder;
    this.applier = applier;
  }

  @Override
  public void handle(Message message) {
    C command = decoder.apply(message.getData());
    try (MDC.MDCCloseable op = MDC.putCloseable("operation_id", command.operationId().toString())) {
      applier.apply(new JetStreamDelivery<>(command, message));
    }
  }

  /** Ends the operation of a dead-lettered command as rejected (I1); its id is the Nats-Msg-Id. */
  @Override
  public void onDeadLetter(Message message, String reason) {
    String id = message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id");
    if (id == null) {
      log.error("dead-lettered a command without an operation id: {}", reason);
      return;
    }
    OperationId operationId;
    try {
      operationId = OperationId.parse(id);
    } catch (ValidationException notOurs) {
      // not published by this system's queue (its ids are UUIDs): no operation to end
      log.error("dead-lettered a command whose id {} names no operation: {}", id, reason);
      return;
    }
    if (applier.deadLettered(operationId).isEmpty()) {
      log.error("dead-lettered operation {} has no record: {}", operationId, reason);
    }
  }
}
