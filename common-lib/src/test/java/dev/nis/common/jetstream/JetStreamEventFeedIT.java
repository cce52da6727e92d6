package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.Action;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.events.EventCursor;
import dev.nis.common.events.EventFeed;
import dev.nis.common.events.EventFilter;
import dev.nis.common.events.StreamEvent;
import dev.nis.common.testing.TestNats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared feed on the real NATS: one pair of consumers per replica however many clients, and a
 * client resuming while events keep coming gets every event after its cursor exactly once, first by
 * catching up and then from the shared feed.
 */
class JetStreamEventFeedIT {
  private static final Predicate<String> COURSE_ID = id -> id.matches("[0-9a-f]{24}");
  private static final Duration SOON = Duration.ofSeconds(10);

  private TestNats nats;
  private JetStreamOperationLog operations;
  private JetStreamEventFeed feed;

  @BeforeEach
  void setUp() throws Exception {
    nats = TestNats.provisioned();
    operations = new JetStreamOperationLog(nats.connection(), nats.contract());
    feed = new JetStreamEventFeed(nats.connection(), nats.contract(), "course", COURSE_ID);
  }

  @AfterEach
  void tearDown() throws Exception {
    feed.close();
    nats.close();
  }

  private static String aCourseId() {
    return String.format("%024x", ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  private void applied(int count) {
    for (int i = 0; i < count; i++) {
      operations.recordOutcome(Operation.applied(OperationId.random(), aCourseId(), Action.CREATE));
    }
  }

  /** Events a client was sent: what it caught up on, then what the shared feed offered it. */
  private static final class Received {
    final List<StreamEvent> events = Collections.synchronizedList(new ArrayList<>());

    boolean add(StreamEvent event) {
      events.add(event);
      return true;
    }

    List<String> ids() {
      synchronized (events) {
        return events.stream().map(e -> e.type() + "/" + e.operationId()).toList();
      }
    }

    void awaitSize(int size) throws InterruptedException {
      long deadline = System.nanoTime() + SOON.toNanos();
      while (events.size() < size && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(events).hasSizeGreaterThanOrEqualTo(size);
    }
  }

  @Test
  void aClientResumingWhileEventsComeIn_getsEachEventAfterItsCursorOnce() throws Exception {
    Received live = new Received();
    feed.open(Optional.empty(), EventFilter.ALL, live::add);
    applied(20);
    live.awaitSize(40); // applied + created per operation
    EventCursor resumeAfter = live.events.get(13).cursor();

    CompletableFuture<Void> more = CompletableFuture.runAsync(() -> applied(150));
    Received resumed = new Received();
    List<StreamEvent> caughtUp = new ArrayList<>();
    // the shared feed's events wait (as in the client's buffer) until it has caught up
    EventFeed.Subscription subscription =
        feed.open(Optional.of(resumeAfter), EventFilter.ALL, resumed::add);
    subscription.catchUp(caughtUp::add);
    more.get();
    live.awaitSize(340);
    resumed.awaitSize(340 - 14 - caughtUp.size());
    Thread.sleep(200); // nothing more may come

    List<String> expected = live.ids().subList(14, live.events.size());
    List<String> got = new ArrayList<>();
    caughtUp.forEach(e -> got.add(e.type() + "/" + e.operationId()));
    got.addAll(resumed.ids());
    assertThat(got).containsExactlyElementsOf(expected);

    List<StreamEvent> all = new ArrayList<>(caughtUp);
    all.addAll(resumed.events);
    for (int i = 1; i < all.size(); i++) {
      EventCursor before = all.get(i - 1).cursor();
      EventCursor now = all.get(i).cursor();
      assertThat(now.operations()).as("event %d's id", i).isGreaterThan(before.operations());
      assertThat(now.enrollments()).isGreaterThanOrEqualTo(before.enrollments());
    }
    subscription.close();
  }

  @Test
  void aCursorAheadOfThisReplicasFeed_skipsWhatTheClientHas() throws Exception {
    Received live = new Received();
    feed.open(Optional.empty(), EventFilter.ALL, live::add);
    applied(10);
    live.awaitSize(20);

    // a cursor another replica wrote, two messages further than this feed has come: the client
    // has the events of those two messages already. They are in the stream (a replica only sends
    // what the stream holds; a cursor past its end is refused) and opened on at once, mostly
    // before this feed's push delivery has them; either way only what comes after is sent
    EventCursor last = live.events.getLast().cursor();
    applied(2);
    EventCursor ahead = last.withOperations(last.operations() + 2 * EventCursor.PARTS);
    Received resumed = new Received();
    EventFeed.Subscription subscription =
        feed.open(Optional.of(ahead), EventFilter.ALL, resumed::add);
    List<StreamEvent> caughtUp = new ArrayList<>();
    subscription.catchUp(caughtUp::add);
    applied(3);
    live.awaitSize(30);
    resumed.awaitSize(6);
    Thread.sleep(200); // nothing more may come

    assertThat(caughtUp).isEmpty();
    assertThat(resumed.ids()).containsExactlyElementsOf(live.ids().subList(24, 30));
    assertThat(resumed.events)
        .allSatisfy(e -> assertThat(e.cursor().operations()).isGreaterThan(ahead.operations()));
    subscription.close();
  }

  @Test
  void manyClients_shareOneConsumerPerStream() throws Exception {
    List<EventFeed.Subscription> clients = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      clients.add(feed.open(Optional.empty(), EventFilter.ALL, event -> true));
    }
    long operationsConsumers =
        nats.connection()
            .jetStreamManagement()
            .getStreamInfo("KV_" + nats.contract().operationsBucket())
            .getStreamState()
            .getConsumerCount();
    long enrollmentConsumers =
        nats.connection()
            .jetStreamManagement()
            .getStreamInfo(nats.contract().enrollmentStream())
            .getStreamState()
            .getConsumerCount();
    assertThat(feed.clients()).isEqualTo(50);
    assertThat(operationsConsumers).isEqualTo(1);
    // the enrollment log also has each service's durable appliers, none here
    assertThat(enrollmentConsumers).isEqualTo(1);
    clients.forEach(EventFeed.Subscription::close);
    assertThat(feed.clients()).isZero();
  }
}
