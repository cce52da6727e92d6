package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.application.OperationOutcomes;
import dev.nis.common.domain.Action;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.testing.TestNats;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch of the operations bucket, with two replicas' connections: what one replica writes
 * reaches the requests of the other that wait for it, without their reading the bucket; and the
 * bucket is watched only while requests wait.
 */
class JetStreamOutcomeWatchIT {
  /** A bound on a message's way through the local server, not a speed target. */
  private static final long WITHIN_SECONDS = 10;

  private TestNats nats;
  private Connection otherReplica;
  private JetStreamOperationLog writtenByTheOther;
  private final OperationOutcomes outcomes = new OperationOutcomes();
  private JetStreamOutcomeWatch watch;

  @BeforeEach
  void setUp() throws Exception {
    nats = TestNats.provisioned();
    otherReplica = Nats.connect(nats.connection().getConnectedUrl());
    writtenByTheOther = new JetStreamOperationLog(otherReplica, nats.contract());
    watch = new JetStreamOutcomeWatch(nats.connection(), nats.contract(), outcomes, IDLE);
  }

  /** How long the watch outlives the last waiting request here. */
  private static final Duration IDLE = Duration.ofMillis(300);

  /** Begins waiting for {@code id} as a request does, then makes sure the server has the watch. */
  private CompletableFuture<Operation> waitFor(OperationId id) throws Exception {
    CompletableFuture<Operation> waiting = outcomes.watch(id);
    nats.connection().flush(Duration.ofSeconds(5));
    return waiting;
  }

  @AfterEach
  void tearDown() throws Exception {
    watch.close();
    otherReplica.close();
    nats.close();
  }

  @Test
  void anOutcomeAnotherReplicaWrites_wakesTheRequestWaitingHere() throws Exception {
    OperationId id = OperationId.random();
    CompletableFuture<Operation> waiting = waitFor(id);

    writtenByTheOther.recordOutcome(Operation.applied(id, "c1", Action.CREATE));

    // woken to read the bucket (null), not handed an outcome the bucket may not hold yet
    assertThat(waiting.get(WITHIN_SECONDS, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aRejectionWakesItToo() throws Exception {
    OperationId id = OperationId.random();
    CompletableFuture<Operation> waiting = waitFor(id);

    writtenByTheOther.recordOutcome(
        Operation.rejected(id, "c2", Action.DELETE, Rejection.notFound("course c2 is gone")));

    assertThat(waiting.get(WITHIN_SECONDS, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aPendingRecord_andOtherOperationsOutcomes_wakeNobody() throws Exception {
    OperationId id = OperationId.random();
    CompletableFuture<Operation> waiting = waitFor(id);
    OperationId sentinel = OperationId.random();
    CompletableFuture<Operation> sentinelWaiting = waitFor(sentinel);

    writtenByTheOther.markPending(Operation.pending(id, "c1", Action.UPDATE));
    writtenByTheOther.recordOutcome(Operation.applied(OperationId.random(), "c9", Action.UPDATE));
    // the watch sees writes in order: once the sentinel's outcome woke its waiter, it has seen
    // the two writes before it
    writtenByTheOther.recordOutcome(Operation.applied(sentinel, "c8", Action.UPDATE));
    sentinelWaiting.get(WITHIN_SECONDS, TimeUnit.SECONDS);

    assertThat(waiting).isNotDone();
  }

  @Test
  void withNoRequestWaiting_theBucketIsNotWatched_andAWaitingRequestStartsTheWatch()
      throws Exception {
    writtenByTheOther.recordOutcome(Operation.applied(OperationId.random(), "c1", Action.CREATE));
    assertThat(watch.subscribed()).isFalse();

    OperationId id = OperationId.random();
    CompletableFuture<Operation> waiting = waitFor(id);
    assertThat(watch.subscribed()).isTrue();
    writtenByTheOther.recordOutcome(Operation.applied(id, "c1", Action.CREATE));

    assertThat(waiting.get(WITHIN_SECONDS, TimeUnit.SECONDS)).isNull();
  }

  /**
   * Once no request has waited for the idle time, the next write that goes by ends the watch; a
   * request that waits later starts it again and is woken as before.
   */
  @Test
  void theWatchEnds_atAWriteAfterTheIdleTime_andStartsAgainForTheNextRequest() throws Exception {
    OperationId first = OperationId.random();
    waitFor(first);
    outcomes.forget(first);
    Thread.sleep(IDLE.toMillis() + 100);
    assertThat(watch.subscribed()).isTrue(); // nothing went by yet

    OperationId sentinel = OperationId.random();
    writtenByTheOther.recordOutcome(Operation.applied(sentinel, "c8", Action.UPDATE));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WITHIN_SECONDS);
    while (watch.subscribed() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(watch.subscribed()).isFalse();

    OperationId later = OperationId.random();
    CompletableFuture<Operation> waiting = waitFor(later);
    writtenByTheOther.recordOutcome(Operation.applied(later, "c2", Action.CREATE));
    assertThat(waiting.get(WITHIN_SECONDS, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aRequestWaitingLongerThanTheIdleTime_keepsTheWatch() throws Exception {
    OperationId id = OperationId.random();
    CompletableFuture<Operation> waiting = waitFor(id);
    Thread.sleep(IDLE.toMillis() + 100);
    writtenByTheOther.recordOutcome(Operation.applied(OperationId.random(), "c9", Action.UPDATE));
    writtenByTheOther.recordOutcome(Operation.applied(id, "c1", Action.CREATE));

    assertThat(waiting.get(WITHIN_SECONDS, TimeUnit.SECONDS)).isNull();
    assertThat(watch.subscribed()).isTrue();
  }
}
