package dev.nis.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBufferTest {
  private static final Duration NO_WAIT = Duration.ZERO;

  private static StreamEvent event(long sequence) {
    return new StreamEvent(
        EventTypes.ENROLLMENT_ADDED,
        new EventCursor(0, sequence),
        "op",
        List.of("c", "s"),
        Map.of("n", sequence));
  }

  @Test
  void eventsComeOutInTheOrderTheyWentIn() throws Exception {
    EventBuffer buffer = new EventBuffer(3);
    buffer.offer(event(1));
    buffer.offer(event(2));

    assertThat(buffer.next(NO_WAIT)).isEqualTo(new EventBuffer.Deliver(event(1)));
    assertThat(buffer.next(NO_WAIT)).isEqualTo(new EventBuffer.Deliver(event(2)));
    assertThat(buffer.next(Duration.ofMillis(20))).isEqualTo(new EventBuffer.Idle());
  }

  @Test
  void aDrain_takesEveryBufferedEventInOrder_andNoneOnceDropped() throws Exception {
    EventBuffer buffer = new EventBuffer(3);
    buffer.offer(event(1));
    buffer.offer(event(2));
    List<StreamEvent> drained = new ArrayList<>();

    assertThat(buffer.drainTo(drained)).isEqualTo(2);
    assertThat(drained).containsExactly(event(1), event(2));
    assertThat(buffer.next(Duration.ofMillis(20))).isEqualTo(new EventBuffer.Idle());

    buffer.offer(event(3));
    buffer.offer(event(4));
    buffer.offer(event(5));
    buffer.offer(event(6)); // one more than it holds: the client is dropped
    drained.clear();
    assertThat(buffer.drainTo(drained)).isZero();
    assertThat(drained).isEmpty();
    assertThat(buffer.next(NO_WAIT)).isEqualTo(new EventBuffer.Dropped());
  }

  @Test
  void aClientAWholeBufferBehind_isDroppedBeforeItsBufferedEvents() throws Exception {
    EventBuffer buffer = new EventBuffer(2);
    assertThat(buffer.offer(event(1))).isTrue();
    assertThat(buffer.offer(event(2))).isTrue();
    assertThat(buffer.offer(event(3))).as("the buffer is full: never blocks").isFalse();
    assertThat(buffer.offer(event(4))).as("the feed is told the client wants no more").isFalse();

    assertThat(buffer.next(NO_WAIT)).isEqualTo(new EventBuffer.Dropped());
    assertThat(buffer.next(NO_WAIT)).as("stays dropped").isEqualTo(new EventBuffer.Dropped());
  }

  @Test
  void aStop_endsTheStreamBeforeAnyBufferedEvent() throws Exception {
    EventBuffer buffer = new EventBuffer(2);
    buffer.offer(event(1));
    buffer.stop();

    assertThat(buffer.next(NO_WAIT)).isEqualTo(new EventBuffer.Stopping());
  }

  @Test
  void aWriterWaitingForEvents_learnsOfAStopAtOnce_notAtTheEndOfItsWait() throws Exception {
    EventBuffer buffer = new EventBuffer(2);
    CompletableFuture<EventBuffer.Next> waiting = new CompletableFuture<>();
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    waiting.complete(buffer.next(Duration.ofMinutes(10)));
                  } catch (InterruptedException e) {
                    waiting.completeExceptionally(e);
                  }
                });
    while (writer.getState() != Thread.State.WAITING
        && writer.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait();
    }
    buffer.stop();

    assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(new EventBuffer.Stopping());
  }

  @Test
  void offering_neverBlocks_evenWhenNobodyReads() {
    EventBuffer buffer = new EventBuffer(1);
    long start = System.nanoTime();
    for (long i = 1; i <= 100_000; i++) {
      buffer.offer(event(i));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aProbe_wakesAWaitingWriter_atOnce() throws Exception {
    EventBuffer buffer = new EventBuffer(3);
    CompletableFuture<EventBuffer.Next> next = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                next.complete(buffer.next(Duration.ofSeconds(30)));
              } catch (InterruptedException e) {
                next.completeExceptionally(e);
              }
            });

    Thread.sleep(50);
    buffer.probe();

    assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(new EventBuffer.Probe());
    assertThat(buffer.next(Duration.ofMillis(20))).isEqualTo(new EventBuffer.Idle());
  }

  @Test
  void aProbe_comesBeforeTheBufferedEvents_whichKeepTheirOrder() throws Exception {
    EventBuffer buffer = new EventBuffer(3);
    buffer.offer(event(1));
    buffer.offer(event(2));
    buffer.probe();
    buffer.probe(); // asked twice before the writer looked: one probe

    assertThat(buffer.next(NO_WAIT)).isEqualTo(new EventBuffer.Probe());
    assertThat(buffer.next(NO_WAIT)).isEqualTo(new EventBuffer.Deliver(event(1)));
    List<StreamEvent> drained = new ArrayList<>();
    assertThat(buffer.drainTo(drained)).isEqualTo(1);
    assertThat(drained).containsExactly(event(2));
    assertThat(buffer.next(Duration.ofMillis(20))).isEqualTo(new EventBuffer.Idle());
  }

  @Test
  void stoppingComesBeforeAProbe() throws Exception {
    EventBuffer buffer = new EventBuffer(3);
    buffer.probe();
    buffer.stop();

    assertThat(buffer.next(NO_WAIT)).isEqualTo(new EventBuffer.Stopping());
  }
}
