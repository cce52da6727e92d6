package dev.nis.common.application;

import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Outcomes recorded by this process, handed at once to the requests of this process waiting for
 * them ({@code Prefer: wait}), so that such a request need not poll the operations bucket to learn
 * what its own replica just applied. Only a shortcut: the outcome is in the bucket first, and a
 * request whose command another replica applies still learns it by polling.
 */
public final class OperationOutcomes {
  private final Map<OperationId, CompletableFuture<Operation>> waiting = new ConcurrentHashMap<>();

  /**
   * A future completed when this process records the operation's final outcome; {@link #forget} it
   * when done waiting.
   */
  public CompletableFuture<Operation> watch(OperationId id) {
    return waiting.computeIfAbsent(id, key -> new CompletableFuture<>());
  }

  public void forget(OperationId id) {
    waiting.remove(id);
  }

  /** Called once the outcome is stored (so that a waiter reading the bucket finds it too). */
  public void recorded(Operation outcome) {
    CompletableFuture<Operation> waiter = waiting.remove(outcome.id());
    if (waiter != null) {
      waiter.complete(outcome);
    }
  }
}
