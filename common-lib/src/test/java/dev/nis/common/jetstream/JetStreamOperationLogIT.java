package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.Action;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.testing.TestNats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JetStreamOperationLogIT {
  private TestNats nats;
  private JetStreamOperationLog log;

  @BeforeEach
  void setUp() throws Exception {
    nats = TestNats.provisioned();
    log = new JetStreamOperationLog(nats.connection(), nats.contract());
  }

  @AfterEach
  void tearDown() throws Exception {
    nats.close();
  }

  @Test
  void unknownOperation_isAbsent() {
    assertThat(log.find(OperationId.random())).isEmpty();
  }

  @Test
  void pendingThenApplied_readsApplied() {
    OperationId id = OperationId.random();
    log.markPending(Operation.pending(id, "c1", Action.CREATE));
    assertThat(log.find(id)).get().extracting(Operation::state).isEqualTo(Operation.State.PENDING);

    log.recordOutcome(Operation.applied(id, "c1", Action.CREATE));

    Operation read = log.find(id).orElseThrow();
    assertThat(read.state()).isEqualTo(Operation.State.APPLIED);
    assertThat(read.entityId()).isEqualTo("c1");
    assertThat(read.action()).isEqualTo(Action.CREATE);
  }

  @Test
  void pendingAfterAnOutcome_doesNotOverwriteIt() {
    OperationId id = OperationId.random();
    log.recordOutcome(Operation.applied(id, "c1", Action.UPDATE));

    log.markPending(Operation.pending(id, "c1", Action.UPDATE));

    assertThat(log.find(id).orElseThrow().state()).isEqualTo(Operation.State.APPLIED);
  }

  @Test
  void rejection_keepsItsKindAndDetail() {
    OperationId id = OperationId.random();
    log.recordOutcome(
        Operation.rejected(
            id, "c2", Action.DELETE, Rejection.notFound("course c2 does not exist")));

    Operation read = log.find(id).orElseThrow();
    assertThat(read.state()).isEqualTo(Operation.State.REJECTED);
    assertThat(read.rejection()).contains(Rejection.notFound("course c2 does not exist"));
  }
}
