package dev.nis.common.application;

import dev.nis.common.application.port.out.CommandQueue;
import dev.nis.common.application.port.out.IdempotencyStore;
import dev.nis.common.application.port.out.IdempotencyStore.Claim;
import dev.nis.common.application.port.out.OperationLog;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.IdempotentRequest;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The accepting end of the command pipeline: records the operation as {@code pending}, then queues
 * the command (published with its operation id as {@code Nats-Msg-Id}). In this order so that a
 * consumer that applies the command at once finds the record to replace; a crash between the two
 * leaves a pending record and no command, which the client sees as a failed request (it got no
 * 202), never as a lost one (I1).
 *
 * <p>A request with an {@code Idempotency-Key} is accepted at most once per key ({@link
 * #submitOnce}): the first claims the key with its operation's ids, a repeat is answered with those
 * ids. Submitting is idempotent once the ids are fixed (the pending record is created only if
 * absent; the queue drops a re-published operation id within its duplicate window, and past it the
 * copy is queued as a reissue, which its applier skips once the operation is decided), so a repeat
 * that cannot be sure the first got its command queued (the first is still running, failed, or its
 * process died) submits the first's command again, at any age, rather than answering 409 or
 * waiting. Until 2026-12-07 a repeat re-published only within a minute of the claim: a repeat of a
 * request whose publish had failed (a 503) came later got a 202 for an operation that stayed {@code
 * pending} for good (found by a fresh helper).
 *
 * @param <C> the service's command type
 * @param <I> its entity's id type
 */
public final class CommandSubmitter<C extends Command<I>, I> {
  /** The same change as {@code command}, under the ids of the first request made with its key. */
  @FunctionalInterface
  public interface Reissue<C> {
    C as(C command, OperationId operationId, String entityId);
  }

  private final OperationLog operations;
  private final CommandQueue<C> queue;
  private final IdempotencyStore keys;
  private final Reissue<C> reissue;

  public CommandSubmitter(
      OperationLog operations, CommandQueue<C> queue, IdempotencyStore keys, Reissue<C> reissue) {
    this.operations = operations;
    this.queue = queue;
    this.keys = keys;
    this.reissue = reissue;
  }

  /**
   * Queues a command the core has checked, once the queue has room ({@link CommandQueue#awaitRoom},
   * before anything is recorded, so that a refusal leaves nothing behind); throws
   * DependencyUnavailableException on failure, CommandQueueFullException when there is no room.
   */
  public AcceptResult<I> submit(C command) {
    return submit(command, false);
  }

  private AcceptResult<I> submit(C command, boolean reissue) {
    queue.awaitRoom();
    operations.markPending(
        Operation.pending(command.operationId(), command.entityId().toString(), command.action()));
    if (reissue) {
      queue.reissue(command);
    } else {
      queue.enqueue(command);
    }
    return new AcceptResult.Accepted<>(command.operationId(), command.entityId());
  }

  /**
   * Accepts {@code command} at most once per key: checks it ({@code refusal}: the core's 404/409),
   * claims the key with its ids, and submits it; a repeat of the key's first request is answered
   * with the first operation, and the key with another request is refused (422). A refused request
   * leaves the key unused. One round trip to the store more than {@link #submit} for a first
   * request.
   *
   * @param refusal why the core refuses the command now, if it does
   */
  public AcceptResult<I> submitOnce(
      C command, IdempotentRequest request, Function<? super C, Optional<Rejection>> refusal) {
    Optional<Rejection> refused = refusal.apply(command);
    if (refused.isPresent()) {
      return keys.find(request.key())
          .map(first -> repeat(first, command, request))
          .orElseGet(() -> new AcceptResult.Refused<>(refused.get()));
    }
    Claim claim =
        new Claim(
            request.fingerprint(),
            command.operationId(),
            command.entityId().toString(),
            Instant.now());
    return keys.claim(request.key(), claim)
        .map(first -> repeat(first, command, request))
        .orElseGet(() -> submit(command));
  }

  /** Answers a repeat with the first operation, queueing its command only if it may be missing. */
  private AcceptResult<I> repeat(Claim first, C command, IdempotentRequest request) {
    if (!first.fingerprint().equals(request.fingerprint())) {
      return new AcceptResult.Refused<>(
          Rejection.unprocessable(
              "this Idempotency-Key was first used with another request (method, path or body);"
                  + " a new request needs a new key"));
    }
    C again = reissue.as(command, first.operationId(), first.entityId());
    Optional<Operation> operation = operations.find(first.operationId());
    if (operation.isEmpty()) {
      // the first never got as far as publishing (it records pending before it publishes)
      return submit(again, false);
    }
    if (!operation.get().state().isFinal()) {
      // it published, or failed or died in between: the command may or may not be queued
      return submit(again, true);
    }
    return new AcceptResult.Accepted<>(again.operationId(), again.entityId());
  }
}
