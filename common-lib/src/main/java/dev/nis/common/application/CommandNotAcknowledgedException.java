package dev.nis.common.application;

import dev.nis.common.domain.OperationId;

/**
 * A command was published to the queue but its storing was never acknowledged, even when sent again
 * under the same message id ({@code JetStreamCommandQueue}): it may be stored and applied later, or
 * not at all. The edges answer 503 as for any unavailable dependency, naming the operation so that
 * the client can read what became of it instead of assuming nothing was queued; a retry with the
 * same {@code Idempotency-Key} is the safe one.
 */
public final class CommandNotAcknowledgedException extends DependencyUnavailableException {
  private final transient OperationId operationId;

  public CommandNotAcknowledgedException(OperationId operationId, Throwable cause) {
    super("nats", cause);
    this.operationId = operationId;
  }

  /** The operation whose command may have been queued. */
  public OperationId operationId() {
    return operationId;
  }
}
