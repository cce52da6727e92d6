package dev.nis.common.application;

import dev.nis.common.application.port.out.CommandQueue;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.Operation;

/**
 * The accepting end of the command pipeline: records the operation as {@code pending}, then queues
 * the command (published with its operation id as {@code Nats-Msg-Id}). In this order so that a
 * consumer that applies the command at once finds the record to replace; a crash between the two
 * leaves a pending record and no command, which the client sees as a failed request (it got no
 * 202), never as a lost one (I1).
 *
 * @param <C> the service's command type
 * @param <I> its entity's id type
 */
public final class CommandSubmitter<C extends Command<I>, I> {
  private final OperationLog operations;
  private final CommandQueue<C> queue;

  public CommandSubmitter(OperationLog operations, CommandQueue<C> queue) {
    this.operations = operations;
    this.queue = queue;
  }

  /** Queues a command the core has checked; throws DependencyUnavailableException on failure. */
  public AcceptResult<I> submit(C command) {
    operations.markPending(
        Operation.pending(command.operationId(), command.entityId().toString(), command.action()));
    queue.enqueue(command);
    return new AcceptResult.Accepted<>(command.operationId(), command.entityId());
  }
}
