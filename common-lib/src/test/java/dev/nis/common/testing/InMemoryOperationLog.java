package dev.nis.common.testing;

import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.domain.EnrollmentChange;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link OperationLog} for core tests. */
public final class InMemoryOperationLog implements OperationLog {
  private final Map<OperationId, Operation> operations = new ConcurrentHashMap<>();

  @Override
  public void markPending(Operation pending) {
    operations.putIfAbsent(pending.id(), pending);
  }

  @Override
  public void recordOutcome(Operation outcome) {
    operations.merge(outcome.id(), outcome, (earlier, later) -> later.keepingVerdictsOf(earlier));
  }

  @Override
  public Operation recordOutcomeOnce(Operation outcome) {
    return operations.merge(
        outcome.id(),
        outcome,
        (earlier, later) -> earlier.state().isFinal() ? earlier : later.keepingVerdictsOf(earlier));
  }

  @Override
  public void recordVerdict(
      OperationId id,
      EnrollmentChange.Kind kind,
      String courseId,
      String studentId,
      EnrollmentOutcome.Side side,
      Optional<String> compensation) {
    operations.computeIfPresent(
        id,
        (key, operation) ->
            operation.enrollments().stream()
                    .anyMatch(e -> e.concerns(courseId, studentId) && e.status().isFinal())
                ? operation
                : operation.withVerdict(kind, courseId, studentId, side, compensation));
  }

  @Override
  public Optional<Operation> find(OperationId id) {
    return Optional.ofNullable(operations.get(id));
  }

  public int size() {
    return operations.size();
  }
}
