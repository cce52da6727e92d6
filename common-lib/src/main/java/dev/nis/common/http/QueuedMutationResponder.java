package dev.nis.common.http;

import dev.nis.common.application.OperationOutcomes;
import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a mutation the core has accepted (queued): {@code 202} with the operation to poll at
 * {@code Location}, or, with {@code Prefer: wait=N}, the outcome as a synchronous API would give it
 * (the caller's answer when applied, the rejection's problem when rejected, each with a {@code
 * Link} to the operation), falling back to the 202 when N seconds run out. The operation is
 * accepted whatever happens while waiting, so a failure to read its outcome also falls back to the
 * 202 rather than inviting a retry.
 */
public final class QueuedMutationResponder {
  private static final Logger log = LoggerFactory.getLogger(QueuedMutationResponder.class);

  /**
   * The pause after the first read of the bucket, doubled after each read up to {@link #MAX_POLL}.
   * The outcome normally arrives through {@link OperationOutcomes} (recorded here, or written by
   * any replica and seen by the bucket's watch); the reads are for a write the watch missed (its
   * subscription delivers at most once), so they are rare: a request waiting 1 s reads the bucket
   * three times (before the watch, every 10 to 50 ms: about 20 times).
   */
  private static final Duration FIRST_POLL = Duration.ofMillis(250);

  private static final Duration MAX_POLL = Duration.ofSeconds(1);

  /**
   * The first pause before an applied enrollment's verdicts are read again: the log's appliers
   * decide it within milliseconds on a quiet system.
   */
  private static final Duration SETTLE_FIRST_POLL = Duration.ofMillis(10);

  private static final long WAKE_TICK_MILLIS = 10;

  /**
   * Ends each pause of a waiting request (its next read of the bucket, the end of its wait), to the
   * nearest {@link #WAKE_TICK_MILLIS} ms. A timed wait on the future would do it to the nanosecond,
   * but on a virtual thread JDK 25 arms a timer on the scheduler's {@code DelayScheduler} thread
   * for each and cancels it when the wait ends, waking that thread twice per waiting request (with
   * the two such waits of the accept's publishes, 6.1 % of the courses service's CPU under {@code
   * Prefer: wait} creates: bench/analysis.md, 2026-12-07). netty's wheel (on the class path with
   * lettuce, whose commands' timeouts run on one too) takes a timeout and its cancel into queues
   * that its own thread reads at its next tick, waking no one. One wheel for the process, its
   * daemon thread started at the first wait.
   */
  private static final Timer WAKES =
      new HashedWheelTimer(
          new DefaultThreadFactory("prefer-wait-timer", true),
          WAKE_TICK_MILLIS,
          TimeUnit.MILLISECONDS);

  /** The header that names the operation behind a synchronous answer ({@link #monitor}). */
  private static final String LINK = "Link";

  private final String operationsPath;
  private final Function<OperationId, Optional<Operation>> operations;
  private final OperationOutcomes outcomes;
  private final Duration firstPoll;

  /** The body of a 202: {@code {"data": {"id", "operation_id", "status": "pending"}}}. */
  public record AcceptedView(String id, String operationId, String status) {}

  /**
   * @param operationsPath e.g. {@code /api/courses/operations}
   * @param operations the port's operation lookup
   */
  public QueuedMutationResponder(
      String operationsPath, Function<OperationId, Optional<Operation>> operations) {
    this(operationsPath, operations, new OperationOutcomes());
  }

  /**
   * @param outcomes the final outcomes this process records or sees written to the bucket: a wait
   *     ends as soon as any replica has recorded it, without waiting for the next read
   */
  public QueuedMutationResponder(
      String operationsPath,
      Function<OperationId, Optional<Operation>> operations,
      OperationOutcomes outcomes) {
    this(operationsPath, operations, outcomes, FIRST_POLL);
  }

  /** As above, with the pause after the first read of the bucket (a test's seam). */
  QueuedMutationResponder(
      String operationsPath,
      Function<OperationId, Optional<Operation>> operations,
      OperationOutcomes outcomes,
      Duration firstPoll) {
    this.operationsPath = operationsPath;
    this.operations = operations;
    this.outcomes = outcomes;
    this.firstPoll = firstPoll;
  }

  /**
   * Answers the core's verdict on a mutation: its refusal as a problem (nothing was queued), or the
   * accepted operation as {@link #answer} does.
   *
   * @param whenApplied the answer once applied (201 with the entity, 200, 204), given the accepted
   *     entity's id: a repeated request (same Idempotency-Key) is answered with its first
   *     operation's entity, not with the id its own command was given
   */
  public <I> Response respond(
      Request request, AcceptResult<I> result, Function<? super I, Response> whenApplied) {
    return switch (result) {
      case AcceptResult.Refused<I> refused ->
          Response.problem(Problem.fromRejection(refused.rejection()));
      case AcceptResult.Accepted<I> accepted ->
          answer(
              request,
              accepted.operationId(),
              accepted.entityId().toString(),
              () -> whenApplied.apply(accepted.entityId()));
    };
  }

  /**
   * Has the core accept a command ({@code accept}: its verdict) and answers as {@link #respond}
   * does. With {@code Prefer: wait}, the wait for {@code operationId}'s outcome begins before the
   * command is queued: an outcome recorded at once is then handed over (by this process's applier,
   * or by the bucket's watch, whose subscription is sent ahead of the command), so the wait need
   * not begin by reading the bucket, one JetStream round trip less per waiting request
   * (bench/analysis.md, "The bucket's watch only while requests wait"). A repeated request (same
   * Idempotency-Key) answered with its first operation waits for that one, reading it first.
   *
   * @param operationId the operation id of the command that {@code accept} submits
   * @param whenApplied the answer once applied, given the accepted entity's id
   */
  public <I> Response acceptAndRespond(
      Request request,
      OperationId operationId,
      Supplier<AcceptResult<I>> accept,
      Function<? super I, Response> whenApplied) {
    return acceptAndRespond(request, operationId, accept, whenApplied, false);
  }

  /**
   * As {@link #acceptAndRespond}, for a command that is one enrollment change and nothing else (an
   * enroll or unenroll route): with {@code Prefer: wait} its answer waits, within the same N
   * seconds, until both services have applied the change, since a 204 once the command is applied
   * would say the enrollment happened while the other side may still undo it, or that it ended
   * while both sides' reads still show it (I3). {@code whenApplied}'s answer once both kept an
   * enrollment or removed an unenrollment; a 409 problem naming the reason once one side undid an
   * enrollment (the other entity missing or full: README.md, "What became of an operation's
   * enrollments"); the 202 when N seconds run out first.
   */
  public <I> Response acceptAndRespondOnceSettled(
      Request request,
      OperationId operationId,
      Supplier<AcceptResult<I>> accept,
      Function<? super I, Response> whenApplied) {
    return acceptAndRespond(request, operationId, accept, whenApplied, true);
  }

  private <I> Response acceptAndRespond(
      Request request,
      OperationId operationId,
      Supplier<AcceptResult<I>> accept,
      Function<? super I, Response> whenApplied,
      boolean untilSettled) {
    Optional<PreferWait> wait = PreferWait.from(request.headers(PreferWait.HEADER));
    if (wait.isEmpty()) {
      return respond(request, accept.get(), whenApplied);
    }
    CompletableFuture<Operation> watched = outcomes.watch(operationId);
    boolean awaiting = false;
    try {
      AcceptResult<I> result = accept.get();
      if (result instanceof AcceptResult.Accepted<I> accepted
          && accepted.operationId().equals(operationId)) {
        awaiting = true;
        return outcome(
                operationId,
                accepted.entityId().toString(),
                wait.get().duration(),
                () -> whenApplied.apply(accepted.entityId()),
                watched,
                untilSettled)
            .withHeader(PreferWait.APPLIED_HEADER, wait.get().applied());
      }
      if (result instanceof AcceptResult.Accepted<I> repeated) {
        // a repeat (same Idempotency-Key) answered with the first operation: answered as the
        // first was, an enrollment once it is decided too
        return answer(
            request,
            repeated.operationId(),
            repeated.entityId().toString(),
            () -> whenApplied.apply(repeated.entityId()),
            untilSettled);
      }
      return respond(request, result, whenApplied);
    } finally {
      if (!awaiting) {
        outcomes.forget(operationId);
      }
    }
  }

  /**
   * @param whenApplied the answer once applied (201 with the entity, 200, 204)
   */
  public Response answer(
      Request request, OperationId operationId, String entityId, Supplier<Response> whenApplied) {
    return answer(request, operationId, entityId, whenApplied, false);
  }

  private Response answer(
      Request request,
      OperationId operationId,
      String entityId,
      Supplier<Response> whenApplied,
      boolean untilSettled) {
    Optional<PreferWait> wait = PreferWait.from(request.headers(PreferWait.HEADER));
    if (wait.isEmpty()) {
      return accepted(operationId, entityId);
    }
    return outcome(operationId, entityId, wait.get().duration(), whenApplied, null, untilSettled)
        .withHeader(PreferWait.APPLIED_HEADER, wait.get().applied());
  }

  public Response accepted(OperationId operationId, String entityId) {
    return Response.data(
            HttpStatus.ACCEPTED,
            new AcceptedView(entityId, operationId.toString(), Operation.State.PENDING.wireName()))
        .withHeader("Location", operationsPath + "/" + operationId);
  }

  /**
   * @param watched the wait for the outcome, begun before the command was queued; null: begin it
   *     now, reading the bucket first
   */
  private Response outcome(
      OperationId operationId,
      String entityId,
      Duration wait,
      Supplier<Response> whenApplied,
      CompletableFuture<Operation> watched,
      boolean untilSettled) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      Optional<Operation> done = awaitFinal(operationId, wait, watched);
      if (done.isEmpty()) {
        return accepted(operationId, entityId);
      }
      return switch (done.get().state()) {
        case APPLIED -> {
          Response answer =
              untilSettled
                  ? onceSettled(done.get(), entityId, deadline, whenApplied)
                  : whenApplied.get();
          // a 202 (the enrollment still undecided) names the operation in Location already
          yield answer.status() == HttpStatus.ACCEPTED
              ? answer
              : answer.withHeader(LINK, monitor(operationId));
        }
        case REJECTED -> rejected(done.get()).withHeader(LINK, monitor(operationId));
        case PENDING -> accepted(operationId, entityId);
      };
    } catch (RuntimeException e) {
      log.warn(
          "could not read the outcome of accepted operation {}; answering 202", operationId, e);
      return accepted(operationId, entityId);
    }
  }

  /**
   * Reads the applied operation again until every enrollment it asked for is decided or the
   * deadline (nanoTime) passes. The verdicts are written to the bucket by the enrollment appliers
   * of both services, with no notice to a waiting request, so this reads: after {@link
   * #SETTLE_FIRST_POLL}, then twice as long each time, up to {@link #MAX_POLL}.
   */
  private Response onceSettled(
      Operation applied, String entityId, long deadline, Supplier<Response> whenApplied) {
    Operation operation = applied;
    Duration pause = SETTLE_FIRST_POLL;
    while (!operation.settled()) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || outcomes.isStopping()) {
        return accepted(operation.id(), entityId);
      }
      try {
        if (outcomes.awaitStopping(Duration.ofNanos(Math.min(pause.toNanos(), left)))) {
          return accepted(operation.id(), entityId); // OperationOutcomes#stopping
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return accepted(operation.id(), entityId);
      }
      operation = operations.apply(operation.id()).orElse(operation);
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
    }
    OperationId id = operation.id();
    return operation.enrollments().stream()
        .filter(enrollment -> enrollment.status() == EnrollmentOutcome.Status.COMPENSATED)
        .findFirst()
        .map(
            undone ->
                Response.problem(
                    Problem.of(HttpStatus.CONFLICT, "the enrollment was undone: " + undone.reason())
                        .withExtension("operation_id", id.toString())))
        .orElseGet(whenApplied);
  }

  /**
   * The operation behind a synchronous answer, as an RFC 8288 link of relation {@code monitor} (RFC
   * 5989: "a resource that can be used to monitor changes in an HTTP resource"): a 201, 200 or 204
   * says the change is applied, but what became of the enrollments it asked for (kept, or
   * compensated because the other side was full or gone) is told by the operation only, which a
   * 202's {@code Location} names and a synchronous answer otherwise would not.
   */
  private String monitor(OperationId operationId) {
    return "<" + operationsPath + "/" + operationId + ">; rel=\"monitor\"";
  }

  private static Response rejected(Operation operation) {
    return Response.problem(
        Problem.fromRejection(operation.rejection().orElseThrow())
            .withExtension("operation_id", operation.id().toString()));
  }

  /**
   * Waits for the outcome to be handed over ({@link OperationOutcomes}), reading the bucket first
   * (the command may have been applied before the wait began) unless {@code watched} began before
   * the command was queued, again at once when a replica was seen writing the outcome, and now and
   * then; watched before each read, so that an outcome cannot slip between the two.
   */
  private Optional<Operation> awaitFinal(
      OperationId operationId, Duration wait, CompletableFuture<Operation> watched) {
    long deadline = System.nanoTime() + wait.toNanos();
    Duration pause = firstPoll;
    CompletableFuture<Operation> handedOver = watched;
    try {
      while (true) {
        if (handedOver == null) {
          handedOver = outcomes.watch(operationId);
          Optional<Operation> operation = operations.apply(operationId);
          if (operation.isPresent() && operation.get().state().isFinal()) {
            return operation;
          }
          if (outcomes.isStopping()) {
            return Optional.empty(); // answered with its 202 (OperationOutcomes#stopping)
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        CompletableFuture<Operation> current = handedOver;
        Timeout wake =
            WAKES.newTimeout(
                timeout -> outcomes.wake(operationId, current),
                Math.min(pause.toNanos(), left),
                TimeUnit.NANOSECONDS);
        try {
          Operation recorded = current.get();
          if (recorded != null) {
            return Optional.of(recorded);
          }
          // written to the bucket by some replica, or the pause is over: read it again
          handedOver = null;
          if (!wake.isExpired()) {
            continue; // woken by a write: the pause goes on as it was
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        } finally {
          wake.cancel();
        }
        pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
      }
    } finally {
      outcomes.forget(operationId);
    }
  }
}
