package dev.nis.common.testing;

import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.IdempotencyKey;
import dev.nis.common.domain.IdempotentRequest;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The command-submission half of a service fake for the HTTP edge: records every accepted command
 * and its operation, and leaves the operation pending unless the test says what happens on
 * acceptance ({@link #onAccept}, e.g. {@code commands::applyNow}). What a command does to the
 * fake's entities is the service's own ({@code applyToState}). A request with an Idempotency-Key is
 * accepted once per key, as the core does: a repeat is answered with the first command's ids, the
 * key with another fingerprint is refused (422); the keyed requests are kept in {@link #keyed}.
 *
 * @param <I> the entity's id type
 * @param <C> the service's command type
 */
public final class AcceptedCommands<I, C extends Command<I>> {
  public final List<C> accepted = new CopyOnWriteArrayList<>();
  public final Map<OperationId, Operation> operations = new ConcurrentHashMap<>();
  public final List<IdempotentRequest> keyed = new CopyOnWriteArrayList<>();
  private final Map<IdempotencyKey, Map.Entry<IdempotentRequest, C>> firsts =
      new ConcurrentHashMap<>();
  private final Consumer<C> applyToState;
  private volatile Consumer<C> onAccept = command -> {};

  public AcceptedCommands(Consumer<C> applyToState) {
    this.applyToState = applyToState;
  }

  /** What happens right after a command is accepted, e.g. {@code this::applyNow}. */
  public void onAccept(Consumer<C> reaction) {
    this.onAccept = reaction;
  }

  /** Queues the command unless {@code refusal} says why not; nothing is recorded when refused. */
  public AcceptResult<I> accept(C command, Optional<Rejection> refusal) {
    if (refusal.isPresent()) {
      return new AcceptResult.Refused<>(refusal.get());
    }
    accepted.add(command);
    record(Operation.pending(command.operationId(), entity(command), command.action()));
    onAccept.accept(command);
    return new AcceptResult.Accepted<>(command.operationId(), command.entityId());
  }

  /** As {@link #accept(Command, Optional)}, once per key. */
  public synchronized AcceptResult<I> accept(
      C command, IdempotentRequest request, Optional<Rejection> refusal) {
    keyed.add(request);
    Map.Entry<IdempotentRequest, C> first = firsts.get(request.key());
    if (first != null) {
      if (!first.getKey().fingerprint().equals(request.fingerprint())) {
        return new AcceptResult.Refused<>(Rejection.unprocessable("another request"));
      }
      return new AcceptResult.Accepted<>(
          first.getValue().operationId(), first.getValue().entityId());
    }
    AcceptResult<I> result = accept(command, refusal);
    if (result instanceof AcceptResult.Accepted<I>) {
      firsts.put(request.key(), Map.entry(request, command));
    }
    return result;
  }

  public void applyNow(C command) {
    applyToState.accept(command);
    record(Operation.applied(command.operationId(), entity(command), command.action()));
  }

  public void applyAfter(C command, Duration delay) {
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                Thread.sleep(delay);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              applyNow(command);
            });
  }

  public void reject(C command, Rejection rejection) {
    record(Operation.rejected(command.operationId(), entity(command), command.action(), rejection));
  }

  public void record(Operation operation) {
    operations.put(operation.id(), operation);
  }

  public Optional<Operation> operation(OperationId id) {
    return Optional.ofNullable(operations.get(id));
  }

  private String entity(C command) {
    return command.entityId().toString();
  }
}
