package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.testing.PrivateNatsServer;
import dev.nis.common.testing.StreamContents;
import dev.nis.common.testing.TestNats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The partitioned consumer on a real JetStream: order and one-at-a-time per partition (also with
 * two replicas pulling), partitions in parallel, redelivery of what a dead replica held within the
 * ack wait, in-progress signals for a long apply, the dependency gate, retries and dead letters,
 * and the count of what is not yet applied that bounds accepting.
 */
class PartitionedConsumerIT {
  private static final Duration ACK_WAIT = Duration.ofMillis(1500);
  private static final BooleanSupplier ALWAYS = () -> true;

  private TestNats nats;
  private final List<PartitionedConsumer> consumers = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    nats = TestNats.provisioned();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (PartitionedConsumer consumer : consumers) {
      consumer.stop(Duration.ofSeconds(5));
    }
    for (Connection connection : connections) {
      connection.close();
    }
    nats.close();
  }

  private ConsumerSpec spec() {
    return spec(nats.contract());
  }

  private static ConsumerSpec spec(JetStreamContract c) {
    return new ConsumerSpec(
        c.commandsStreamPrefix("courses"),
        true,
        "test-applier",
        c.commandsConsumer("courses").subjectPrefix(),
        ACK_WAIT,
        3,
        c.deadLetterSubject("courses"));
  }

  private PartitionedConsumer started(Connection connection, MessageHandler handler)
      throws Exception {
    return started(connection, handler, ALWAYS);
  }

  private PartitionedConsumer started(
      Connection connection, MessageHandler handler, BooleanSupplier ready) throws Exception {
    PartitionedConsumer consumer =
        new PartitionedConsumer(connection, spec(), handler, new SimpleMeterRegistry());
    consumers.add(consumer);
    consumer.start(ready);
    return consumer;
  }

  private Connection anotherConnection() throws Exception {
    Connection connection = Nats.connect(TestNats.URL);
    connections.add(connection);
    return connection;
  }

  private void publish(int partition, String body) throws Exception {
    nats.connection()
        .jetStream()
        .publish(
            NatsMessage.builder()
                .subject(nats.contract().commandsSubject("courses", partition))
                .data(body.getBytes(StandardCharsets.UTF_8))
                .build());
  }

  private static String text(Message m) {
    return new String(m.getData(), StandardCharsets.UTF_8);
  }

  private static int partitionOf(Message m) {
    String subject = m.getSubject();
    return Integer.parseInt(subject.substring(subject.lastIndexOf('.') + 1));
  }

  /** Records, per partition, the order of handling and the most in flight at once. */
  private static final class Tracker {
    final Map<Integer, List<String>> seen = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
    final AtomicInteger allInFlight = new AtomicInteger();
    final AtomicInteger maxAllInFlight = new AtomicInteger();
    final AtomicInteger handled = new AtomicInteger();

    MessageHandler handler(Duration each) {
      return handlerOf(
          m -> {
            int p = partitionOf(m);
            int now = inFlight.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
            maxInFlight
                .computeIfAbsent(p, k -> new AtomicInteger())
                .accumulateAndGet(now, Math::max);
            maxAllInFlight.accumulateAndGet(allInFlight.incrementAndGet(), Math::max);
            sleep(each);
            seen.computeIfAbsent(p, k -> new CopyOnWriteArrayList<>()).add(text(m));
            allInFlight.decrementAndGet();
            inFlight.get(p).decrementAndGet();
            handled.incrementAndGet();
          });
    }
  }

  @Test
  void eachPartitionIsHandledInOrderOneAtATime_andPartitionsInParallel() throws Exception {
    Tracker tracker = new Tracker();
    started(nats.connection(), tracker.handler(Duration.ofMillis(20)));
    for (int i = 0; i < 15; i++) {
      publish(3, "a" + i);
      publish(17, "b" + i);
      publish(30, "c" + i);
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> tracker.handled.get() == 45);
    assertThat(tracker.seen.get(3)).containsExactlyElementsOf(numbered("a"));
    assertThat(tracker.seen.get(17)).containsExactlyElementsOf(numbered("b"));
    assertThat(tracker.seen.get(30)).containsExactlyElementsOf(numbered("c"));
    assertThat(tracker.maxInFlight.values()).allMatch(max -> max.get() == 1);
    assertThat(tracker.maxAllInFlight.get()).as("partitions run in parallel").isGreaterThan(1);
  }

  @Test
  void unapplied_isJetStreamsCountOfWhatNoReplicaHasAcked_overEveryPartition() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    PartitionedConsumer consumer =
        started(
            nats.connection(),
            handlerOf(
                m -> {
                  awaitQuietly(release);
                  handled.incrementAndGet();
                }));
    assertThat(consumer.unapplied()).isZero();
    for (int i = 0; i < 6; i++) {
      publish(3, "a" + i);
      publish(20, "b" + i);
    }
    publish(31, "c");

    // partitions 3, 20 and 31 each hold one message in hand (acked only once released)
    await().atMost(Duration.ofSeconds(5)).until(() -> consumer.unapplied() == 13);
    assertThat(handled).hasValue(0);

    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 13);
    await().atMost(Duration.ofSeconds(5)).until(() -> consumer.unapplied() == 0);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void attaching_createsEveryPartitionsConsumer_andPullsNothingUntilStarted() throws Exception {
    Tracker tracker = new Tracker();
    ConsumerSpec spec = spec();
    PartitionedConsumer consumer =
        new PartitionedConsumer(
            nats.connection(), spec, tracker.handler(Duration.ZERO), new SimpleMeterRegistry());
    consumers.add(consumer);
    publish(3, "queued before the attach");
    var management = nats.connection().jetStreamManagement();

    consumer.attach();
    consumer.attach(); // a second call starts nothing more

    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              for (int p = 0; p < Partitions.COUNT; p++) {
                assertThat(management.getConsumerInfo(spec.stream(p), spec.durable(p))).isNotNull();
              }
            });
    Thread.sleep(PartitionPull.EXPIRES.toMillis()); // time enough for a pull, were one sent
    var held = management.getConsumerInfo(spec.stream(3), spec.durable(3));
    assertThat(held.getNumPending()).as("still waiting in the stream").isEqualTo(1);
    assertThat(held.getNumAckPending()).as("delivered to nobody").isZero();
    assertThat(tracker.handled).hasValue(0);

    consumer.start(ALWAYS);
    await().atMost(Duration.ofSeconds(10)).until(() -> tracker.handled.get() == 1);
    assertThat(tracker.seen.get(3)).containsExactly("queued before the attach");
  }

  @Test
  void twoReplicas_shareTheWork_andKeepEachPartitionInOrderOneAtATime() throws Exception {
    Tracker tracker = new Tracker();
    started(nats.connection(), tracker.handler(Duration.ofMillis(5)));
    started(anotherConnection(), tracker.handler(Duration.ofMillis(5)));
    for (int i = 0; i < 30; i++) {
      publish(5, "a" + i);
      publish(6, "b" + i);
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> tracker.handled.get() == 60);
    assertThat(tracker.seen.get(5)).containsExactlyElementsOf(numbered("a", 30));
    assertThat(tracker.seen.get(6)).containsExactlyElementsOf(numbered("b", 30));
    assertThat(tracker.maxInFlight.values())
        .as("never two messages of one partition at once, across replicas")
        .allMatch(max -> max.get() == 1);
  }

  @Test
  void whatADeadReplicaHeld_isRedeliveredWithinTheAckWait() throws Exception {
    Connection doomed = anotherConnection();
    CountDownLatch taken = new CountDownLatch(1);
    started(
        doomed,
        handlerOf(
            m -> {
              taken.countDown();
              sleep(Duration.ofSeconds(30)); // never acks: its process is about to die
            }));
    publish(9, "held");
    assertThat(taken.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    List<Long> redeliveredAfter = new CopyOnWriteArrayList<>();

    long killedAt = System.nanoTime();
    doomed.close(); // no more in-progress signals, no ack: as after kill -9
    started(
        nats.connection(),
        handlerOf(m -> redeliveredAfter.add((System.nanoTime() - killedAt) / 1_000_000)));

    // the dead replica's jnats timers complain on their own threads about its closed connection
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !redeliveredAfter.isEmpty());
    System.out.printf(
        "held message redelivered %d ms after its holder died%n", redeliveredAfter.get(0));
    assertThat(redeliveredAfter.get(0)).isLessThan(ACK_WAIT.toMillis() + 1000);
  }

  @Test
  void aLongApply_keepsItsMessage_withInProgressSignals() throws Exception {
    AtomicInteger deliveries = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    started(
        nats.connection(),
        handlerOf(
            m -> {
              deliveries.incrementAndGet();
              sleep(ACK_WAIT.multipliedBy(3));
              done.incrementAndGet();
            }));
    started(anotherConnection(), handlerOf(m -> deliveries.incrementAndGet()));
    publish(11, "slow");

    await().atMost(Duration.ofSeconds(15)).until(() -> done.get() == 1);
    sleep(ACK_WAIT);
    assertThat(deliveries.get()).as("not redelivered while being applied").isEqualTo(1);
  }

  @Test
  void nothingIsPulledWhileApplyingIsNotReady_andPullingResumesWhenItIs() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    AtomicInteger handled = new AtomicInteger();
    started(nats.connection(), handlerOf(m -> handled.incrementAndGet()), ready::get);
    publish(2, "waiting");

    sleep(Duration.ofSeconds(1));
    assertThat(handled.get()).isZero();
    long readyAt = System.nanoTime();
    ready.set(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 1);
    assertThat((System.nanoTime() - readyAt) / 1_000_000).isLessThan(2000);
  }

  /**
   * Issue 10's "applying resumes < 2 s after NATS returns", at its root. A message handed back
   * (nak) before nats-server restarts stays pending in the consumer's stored state, and the
   * restarted server sends it again only when it first looks at the pending ones, 0.5–1.5 s after
   * it started; here that took 1.0–1.2 s from ready in five runs before the partition handed the
   * message back again after the reconnect.
   */
  @Test
  void aMessageHandedBackBeforeNatsRestarts_comesAgainAtOnceAfterTheReconnect() throws Exception {
    try (PrivateNatsServer server = PrivateNatsServer.onFreePort().start();
        TestNats own = TestNats.provisionedAt(server.url());
        Connection connection = NatsConnector.connect(server.url(), "restart-test")) {
      AtomicBoolean dependencyUp = new AtomicBoolean(false);
      AtomicBoolean ready = new AtomicBoolean(true);
      AtomicInteger attempts = new AtomicInteger();
      AtomicInteger handled = new AtomicInteger();
      PartitionedConsumer consumer =
          new PartitionedConsumer(
              connection,
              spec(own.contract()),
              handlerOf(
                  m -> {
                    attempts.incrementAndGet();
                    if (!dependencyUp.get()) {
                      throw new DependencyUnavailableException("redis", "down");
                    }
                    handled.incrementAndGet();
                  }),
              new SimpleMeterRegistry());
      consumer.start(ready::get);
      try {
        own.connection()
            .jetStream()
            .publish(own.contract().commandsSubject("courses", 3), "x".getBytes());
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 1);
        ready.set(false); // the service notices its dependency is down: what comes is handed back
        sleep(Duration.ofMillis(500));

        server.stop();
        server.start();
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> connection.getStatus() == Connection.Status.CONNECTED);
        dependencyUp.set(true);
        long readyAt = System.nanoTime();
        ready.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1);
        long millis = (System.nanoTime() - readyAt) / 1_000_000;

        System.out.printf("handed back before the restart, applied %d ms after ready%n", millis);
        assertThat(millis).isLessThan(400);
      } finally {
        consumer.stop(Duration.ofSeconds(5));
      }
    }
  }

  /**
   * While NATS is gone, every partition's pull fails at each try: those failures are the outage's,
   * which {@link NatsOutageLog} reports in a few lines, so each is a DEBUG line, not a warning
   * (before: ~20 warnings per disconnection).
   */
  @Test
  void aNatsOutage_isNoWarningOfEachPartition() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(PartitionedConsumer.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    logger.setLevel(Level.DEBUG);
    try (PrivateNatsServer server = PrivateNatsServer.onFreePort().start();
        TestNats own = TestNats.provisionedAt(server.url());
        Connection connection = NatsConnector.connect(server.url(), "outage-log-test")) {
      PartitionedConsumer consumer =
          new PartitionedConsumer(
              connection, spec(own.contract()), handlerOf(m -> {}), new SimpleMeterRegistry());
      consumer.start(ALWAYS);
      try {
        server.stop();
        sleep(NEXT_WAIT_OF_THE_LOOPS.multipliedBy(3));
        server.start();
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> connection.getStatus() == Connection.Status.CONNECTED);
      } finally {
        consumer.stop(Duration.ofSeconds(5));
      }
    } finally {
      logger.detachAppender(lines);
      logger.setLevel(null);
    }
    List<ILoggingEvent> pullFailures =
        lines.list.stream().filter(e -> e.getMessage().startsWith("pull from")).toList();
    assertThat(pullFailures).as("the partitions' pulls failed while NATS was gone").isNotEmpty();
    assertThat(pullFailures).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
  }

  /** How long a partition's loop waits for a message, and after a failed pull. */
  private static final Duration NEXT_WAIT_OF_THE_LOOPS = Duration.ofMillis(500);

  @Test
  void unavailableDependency_isRetriedUntilItSucceeds() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    started(
        nats.connection(),
        handlerOf(
            m -> {
              if (attempts.incrementAndGet() < 5) {
                throw new DependencyUnavailableException("db", "down");
              }
            }));
    publish(0, "x");

    await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() == 5);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void poisonMessage_isDeadLetteredOnceAndReported() throws Exception {
    List<String> reported = new CopyOnWriteArrayList<>();
    AtomicInteger attempts = new AtomicInteger();
    MessageHandler failing =
        new MessageHandler() {
          @Override
          public void handle(Message message) {
            attempts.incrementAndGet();
            throw new IllegalStateException("bug");
          }

          @Override
          public void onDeadLetter(Message message, String reason) {
            reported.add(reason);
          }
        };
    started(nats.connection(), failing);
    publish(4, "poison");
    publish(4, "after");

    await().atMost(Duration.ofSeconds(30)).until(() -> reported.size() == 2);
    assertThat(attempts.get()).isEqualTo(6);
    List<Message> dead = deadLetters();
    assertThat(dead).extracting(PartitionedConsumerIT::text).containsExactly("poison", "after");
    assertThat(dead.get(0).getHeaders().getFirst(MessageDisposition.DEAD_LETTER_REASON_HEADER))
        .contains("IllegalStateException");
  }

  @Test
  void undecodableMessage_isDeadLetteredAtOnce() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    started(
        nats.connection(),
        handlerOf(
            m -> {
              attempts.incrementAndGet();
              throw new PoisonMessageException("does not decode", null);
            }));
    publish(1, "garbage");

    await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters().size() == 1);
    assertThat(attempts.get()).isEqualTo(1);
  }

  /**
   * The queue publishes a command with its operation id as {@code Nats-Msg-Id} and the stream it
   * expects: the copy drops the condition (it named the command stream, and JetStream refused the
   * copy for good) and keeps the id by another name, so that two messages of one id, in two
   * partitions, are two copies (the second was dropped as a duplicate of the first).
   */
  @Test
  void commandsAsTheQueuePublishesThem_areEachDeadLettered() throws Exception {
    started(
        nats.connection(),
        handlerOf(
            m -> {
              throw new PoisonMessageException("does not apply", null);
            }));
    for (int partition : new int[] {2, 3}) {
      Headers headers = new Headers();
      headers.put(NatsJetStreamConstants.MSG_ID_HDR, "one-id");
      headers.put(
          NatsJetStreamConstants.EXPECTED_STREAM_HDR,
          nats.contract().commandsStream("courses", partition));
      nats.connection()
          .jetStream()
          .publish(
              NatsMessage.builder()
                  .subject(nats.contract().commandsSubject("courses", partition))
                  .headers(headers)
                  .data("command".getBytes(StandardCharsets.UTF_8))
                  .build());
    }

    await().atMost(Duration.ofSeconds(15)).until(() -> deadLetters().size() == 2);
    for (Message copy : deadLetters()) {
      assertThat(copy.getHeaders().getFirst(MessageDisposition.ORIGINAL_MSG_ID_HEADER))
          .isEqualTo("one-id");
      assertThat(copy.getHeaders().get(NatsJetStreamConstants.EXPECTED_STREAM_HDR)).isNull();
    }
  }

  /**
   * A body that fills a NATS message: its copy, with the reason's headers beside it, is cut to fit
   * the server's max_payload (a copy over it made the server close the connection, at every try).
   */
  @Test
  void aMessageTooLargeToCopyWhole_isDeadLetteredCutToFit() throws Exception {
    int size = (int) nats.connection().getMaxPayload() - 64;
    started(
        nats.connection(),
        handlerOf(
            m -> {
              throw new PoisonMessageException("does not decode", null);
            }));
    publish(5, "x".repeat(size));
    publish(5, "after");

    await().atMost(Duration.ofSeconds(15)).until(() -> deadLetters().size() == 2);
    Message cut = deadLetters().get(0);
    assertThat(cut.getHeaders().getFirst(MessageDisposition.TRUNCATED_HEADER))
        .isEqualTo(Integer.toString(size));
    assertThat(cut.getData().length).isPositive().isLessThan(size);
    assertThat(text(deadLetters().get(1))).isEqualTo("after");
  }

  /**
   * A handler that cannot end the dead letter's operation for good (a foreign message whose id
   * names none) does not hold the partition: the message ends, and the next one is applied.
   */
  @Test
  void aDeadLetterWhoseOperationCannotBeEnded_doesNotHoldItsPartition() throws Exception {
    List<String> applied = new CopyOnWriteArrayList<>();
    started(
        nats.connection(),
        new MessageHandler() {
          @Override
          public void handle(Message message) {
            if (text(message).equals("foreign")) {
              throw new PoisonMessageException("does not decode", null);
            }
            applied.add(text(message));
            message.ack();
          }

          @Override
          public void onDeadLetter(Message message, String reason) {
            throw new IllegalArgumentException("names no operation");
          }
        });
    publish(6, "foreign");
    publish(6, "after");

    await().atMost(Duration.ofSeconds(15)).until(() -> applied.contains("after"));
    assertThat(deadLetters()).extracting(PartitionedConsumerIT::text).containsExactly("foreign");
  }

  /**
   * A partition whose consumer is deleted, by hand or with its stream (made again, as an operator
   * does with the initializer), attaches again and applies what comes next: it received nothing
   * more until the service restarted (found by a fresh helper).
   */
  @Test
  void aPartitionWhoseConsumerOrStreamIsDeleted_attachesAgain() throws Exception {
    List<String> applied = new CopyOnWriteArrayList<>();
    started(nats.connection(), handlerOf(m -> applied.add(text(m))));
    publish(7, "before");
    publish(8, "before 8");
    await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 2);
    var management = nats.connection().jetStreamManagement();
    ConsumerSpec spec = spec();

    management.deleteConsumer(spec.stream(7), spec.durable(7));
    StreamConfiguration stream = management.getStreamInfo(spec.stream(8)).getConfiguration();
    management.deleteStream(spec.stream(8));
    management.addStream(stream);
    publish(7, "after the consumer");
    publish(8, "after the stream");

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(applied).contains("after the consumer", "after the stream"));
  }

  private List<Message> deadLetters() throws Exception {
    return StreamContents.read(
        nats.connection(),
        nats.contract().deadLetterStream(),
        nats.contract().deadLetterSubject("courses"),
        Duration.ofSeconds(10));
  }

  private static List<String> numbered(String prefix) {
    return numbered(prefix, 15);
  }

  private static List<String> numbered(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static MessageHandler handlerOf(java.util.function.Consumer<Message> body) {
    return new MessageHandler() {
      @Override
      public void handle(Message message) {
        body.accept(message);
        message.ack();
      }

      @Override
      public void onDeadLetter(Message message, String reason) {}
    };
  }
}
