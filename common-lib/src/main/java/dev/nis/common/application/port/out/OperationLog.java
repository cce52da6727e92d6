package dev.nis.common.application.port.out;

import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.EnrollmentOutcome;
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

  /**
   * Records the final outcome (applied or rejected), replacing any earlier state but the verdicts
   * already recorded on the enrollments it asked for ({@link Operation#keepingVerdictsOf}).
   */
  void recordOutcome(Operation outcome);

  /**
   * Records the outcome of a redelivered command: as {@link #recordOutcome} when the operation is
   * still pending (the first delivery stopped before its outcome was stored), and nothing when a
   * final outcome is stored already (the first delivery recorded it, then its ack was lost): a
   * redelivered message changes nothing (I4), neither the state clients have read nor the
   * enrollments' verdicts recorded since.
   *
   * @return the operation as stored after the call
   */
  Operation recordOutcomeOnce(Operation outcome);

  /**
   * Records {@code side}'s verdict on an enrollment (ADD) the operation asked for: kept, or
   * compensated for {@code compensation}. Writers on several replicas and both services may race:
   * no verdict is lost. Nothing is written when the pair is already decided (kept or compensated),
   * nor when the operation is unknown (expired from the store).
   */
  default void recordVerdict(
      OperationId id,
      String courseId,
      String studentId,
      EnrollmentOutcome.Side side,
      Optional<String> compensation) {
    recordVerdict(id, EnrollmentChange.Kind.ADD, courseId, studentId, side, compensation);
  }

  /**
   * As above for a change of either kind: a REMOVE's verdict says that {@code side} applied it
   * ({@code compensation} empty), and the pair is removed once both sides did. Nothing is written
   * for a change the operation does not follow ({@link Operation#follows}).
   */
  void recordVerdict(
      OperationId id,
      EnrollmentChange.Kind kind,
      String courseId,
      String studentId,
      EnrollmentOutcome.Side side,
      Optional<String> compensation);

  Optional<Operation> find(OperationId id);
}
