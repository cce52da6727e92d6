package dev.nis.common.application.port.out;

import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import java.util.Optional;

/**
 * Where the state of every accepted operation is kept, so that clients can read it and wait for it.
 * Out-port shared by both services.
 */
public interface OperationLog {
  /**
   * Records a newly accepted operation as pending, unless an outcome is already there (the consumer
   * may have applied it first).
   */
  void markPending(Operation pending);

  /** Records the final outcome (applied or rejected), replacing any earlier state. */
  void recordOutcome(Operation outcome);

  Optional<Operation> find(OperationId id);
}
