package dev.nis.common.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.Action;
import dev.nis.common.domain.Command;
import dev.nis.common.domain.OperationId;
import dev.nis.common.testing.InMemoryIdempotencyStore;
import dev.nis.common.testing.InMemoryOperationLog;
import dev.nis.common.testing.RecordingCommandQueue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Admission by the count of commands not yet applied: under the limit at once, at it after the
 * count falls, or refused once the wait ends, with nothing recorded or queued.
 */
class BoundedCommandQueueTest {
  private static final int LIMIT = 10;

  private record Create(OperationId operationId, String entityId) implements Command<String> {
    @Override
    public Action action() {
      return Action.CREATE;
    }
  }

  private final AtomicLong unapplied = new AtomicLong();
  private final RecordingCommandQueue<Create> stream = new RecordingCommandQueue<>();
  private final InMemoryOperationLog operations = new InMemoryOperationLog();

  private BoundedCommandQueue<Create> bounded(Duration wait) {
    return new BoundedCommandQueue<>(stream, new CommandQueueLimit(LIMIT, wait), unapplied::get);
  }

  private CommandSubmitter<Create, String> submitter(BoundedCommandQueue<Create> queue) {
    return new CommandSubmitter<>(
        operations,
        queue,
        new InMemoryIdempotencyStore(),
        (command, id, entity) -> new Create(id, entity));
  }

  private static Create create() {
    return new Create(OperationId.random(), "e-" + System.nanoTime());
  }

  @Test
  void underTheLimit_acceptsAtOnce() {
    unapplied.set(LIMIT - 1);
    var queue = bounded(Duration.ofSeconds(5));

    long start = System.nanoTime();
    submitter(queue).submit(create());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(stream.queued).hasSize(1);
    assertThat(operations.size()).isEqualTo(1);
    assertThat(queue.waited()).isZero();
  }

  @Test
  void atTheLimit_waitsUntilTheCountFalls_thenAccepts() throws Exception {
    unapplied.set(LIMIT);
    var queue = bounded(Duration.ofSeconds(10));

    CompletableFuture<?> submitting =
        CompletableFuture.runAsync(() -> submitter(queue).submit(create()));
    Thread.sleep(300);
    assertThat(submitting).as("still waiting for room").isNotDone();
    assertThat(stream.queued).isEmpty();
    assertThat(operations.size()).as("nothing recorded while waiting").isZero();

    unapplied.set(LIMIT - 1);
    submitting.get();
    assertThat(stream.queued).hasSize(1);
    assertThat(queue.waited()).isEqualTo(1);
    assertThat(queue.refused()).isZero();
  }

  @Test
  void aWaitingRequest_looksAgainWhenANewCountIsReadUnderTheLimit_notBefore() throws Exception {
    unapplied.set(LIMIT);
    // no unannounced look within the test: only countRead() can admit the request
    var queue =
        new BoundedCommandQueue<>(
            stream,
            new CommandQueueLimit(LIMIT, Duration.ofMinutes(5)),
            unapplied::get,
            Duration.ofHours(1));

    CompletableFuture<?> submitting =
        CompletableFuture.runAsync(() -> submitter(queue).submit(create()));
    Thread.sleep(200);
    queue.countRead();
    Thread.sleep(200);
    assertThat(submitting).as("a count still at the limit admits nothing").isNotDone();

    unapplied.set(LIMIT - 1);
    queue.countRead();
    submitting.get(30, TimeUnit.SECONDS);
    assertThat(stream.queued).hasSize(1);
    assertThat(queue.waited()).isEqualTo(1);
  }

  @Test
  void fullForTheWholeWait_isRefused_andNothingIsRecordedOrQueued() {
    unapplied.set(LIMIT + 5);
    Duration wait = Duration.ofMillis(400);
    var queue = bounded(wait);

    long start = System.nanoTime();
    assertThatThrownBy(() -> submitter(queue).submit(create()))
        .isInstanceOf(CommandQueueFullException.class)
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("15 commands not yet applied")
        .hasMessageContaining("limit of 10");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(wait);
    assertThat(stream.queued).isEmpty();
    assertThat(operations.size()).isZero();
    assertThat(queue.refused()).isEqualTo(1);
  }

  @Test
  void aZeroWait_refusesAtOnceWhenFull() {
    unapplied.set(LIMIT);
    var queue = bounded(Duration.ZERO);

    assertThatThrownBy(() -> queue.awaitRoom()).isInstanceOf(CommandQueueFullException.class);
    assertThat(queue.refused()).isEqualTo(1);
  }
}
