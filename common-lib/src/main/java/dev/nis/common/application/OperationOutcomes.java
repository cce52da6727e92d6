package dev.nis.common.application;

import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Final outcomes, handed at once to the requests of this process waiting for them ({@code Prefer:
 * wait}): those this process's appliers record, handed over as they are, and those any replica
 * writes to the operations bucket as its watch sees the write go by ({@code
 * JetStreamOutcomeWatch}), which wake the request to read the bucket at once, except this process's
 * own writes ({@link #recording}). So a waiting request need not poll the bucket; it still reads it
 * now and then, for a write the watch missed.
 */
public final class OperationOutcomes {
  private final Map<OperationId, CompletableFuture<Operation>> waiting = new ConcurrentHashMap<>();

  /** Awaited operations whose final outcome this process's applier is writing now. */
  private final Set<OperationId> recordingHere = ConcurrentHashMap.newKeySet();

  private volatile Runnable onEachWatch = () -> {};

  /** Counted down once, when the service begins to stop ({@link #stopping}). */
  private final CountDownLatch stop = new CountDownLatch(1);

  /**
   * Runs {@code listener} (in place of any earlier one) at each {@link #watch}, on the caller's
   * thread, after the watch is in place: the bucket's watch subscribes only while requests of this
   * process wait ({@code JetStreamOutcomeWatch}). It must be cheap and must not block.
   */
  public void onEachWatch(Runnable listener) {
    this.onEachWatch = listener;
  }

  /**
   * A future completed with the operation's final outcome when this process records it, or with
   * {@code null} when a replica was seen writing a final outcome of it to the bucket (read the
   * bucket then: the write may not be stored yet, or may have been refused, so the bucket is the
   * answer, and watch again); {@link #forget} it when done waiting.
   */
  public CompletableFuture<Operation> watch(OperationId id) {
    CompletableFuture<Operation> watched =
        waiting.computeIfAbsent(id, key -> new CompletableFuture<>());
    onEachWatch.run();
    return watched;
  }

  /**
   * The service is stopping (SIGTERM): every request waiting for an outcome ends its wait now, and
   * a wait that begins later ends at its first look, each answering its 202 with the operation's id
   * and {@code Location}, which the client follows on another replica. Without this a {@code
   * Prefer: wait} of up to 30 s outlived the drain's grace (10 s) and its connection was cut with
   * no answer, though the command was queued and then applied: a client that retried it without an
   * {@code Idempotency-Key} made it twice (found by a fresh helper, 2026-12-07).
   */
  public void stopping() {
    stop.countDown();
    waiting.forEach(this::wake);
  }

  /** Whether the service is stopping ({@link #stopping}). */
  public boolean isStopping() {
    return stop.getCount() == 0;
  }

  /**
   * Waits up to {@code pause} for the service to begin stopping.
   *
   * @return whether it is stopping
   */
  public boolean awaitStopping(Duration pause) throws InterruptedException {
    return stop.await(pause.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Whether a request of this process waits for any operation now. */
  public boolean awaitsAny() {
    return !waiting.isEmpty();
  }

  /** Whether a request of this process waits for operation {@code id} now. */
  public boolean awaits(OperationId id) {
    return waiting.containsKey(id);
  }

  public void forget(OperationId id) {
    waiting.remove(id);
  }

  /**
   * Ends the wait on {@code watched} ({@link #watch}'s future for {@code id}) as a write seen going
   * by does, with {@code null}: the waiter reads the bucket, then watches again. Does nothing once
   * that future was handed an outcome or ended, or when {@code id} is watched through another.
   */
  public void wake(OperationId id, CompletableFuture<Operation> watched) {
    if (waiting.remove(id, watched)) {
      watched.complete(null);
    }
  }

  /**
   * Called by this process's applier just before it writes a final outcome of {@code id} to the
   * bucket. The bucket's watch sees that write go by before JetStream's ack of it reaches the
   * applier (the server hands a message to a plain subscription as it routes it, and acks the write
   * once the stream has stored it), so without this the waiting request was woken to read the
   * bucket for the outcome that {@link #recorded} hands it a moment later: one JetStream read more
   * per waiting request whose command this process applied. Until {@link #recorded} or {@link
   * #notRecorded}, writes of {@code id} seen going by wake no one; the request still reads the
   * bucket now and then. Does nothing when no request of this process waits for {@code id}.
   */
  public void recording(OperationId id) {
    if (waiting.containsKey(id)) {
      recordingHere.add(id);
    }
  }

  /**
   * Called by the applier when writing the outcome of {@code id} (or acking its command) failed, in
   * place of {@link #recorded}: a write of it by any replica wakes the request again.
   */
  public void notRecorded(OperationId id) {
    recordingHere.remove(id);
  }

  /**
   * Called when a write of a final outcome of operation {@code id} to the bucket went by (by any
   * replica): wakes the request of this process waiting for it, if any, to read the bucket, unless
   * it is this process's own write, whose outcome {@link #recorded} hands over.
   */
  public void writtenToTheBucket(OperationId id) {
    if (recordingHere.contains(id)) {
      return;
    }
    CompletableFuture<Operation> waiter = waiting.remove(id);
    if (waiter != null) {
      waiter.complete(null);
    }
  }

  /**
   * Called with a final outcome once it is stored (so that a waiter reading the bucket finds it
   * too); a second call for the same operation finds no waiter and does nothing.
   */
  public void recorded(Operation outcome) {
    recordingHere.remove(outcome.id());
    CompletableFuture<Operation> waiter = waiting.remove(outcome.id());
    if (waiter != null) {
      waiter.complete(outcome);
    }
  }
}
