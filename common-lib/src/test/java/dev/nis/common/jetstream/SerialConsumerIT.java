package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.testing.TestNats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SerialConsumerIT {
  private TestNats nats;
  private SerialConsumer consumer;

  @BeforeEach
  void setUp() throws Exception {
    nats = TestNats.provisioned();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (consumer != null) {
      consumer.stop(Duration.ofSeconds(5));
    }
    nats.close();
  }

  private ConsumerSpec spec() {
    JetStreamContract c = nats.contract();
    return new ConsumerSpec(
        c.courseCommandsStream(),
        "test-applier",
        c.courseCommandsSubject(),
        Duration.ofSeconds(5),
        3,
        c.deadLetterSubject("courses"));
  }

  private void publish(String body) throws Exception {
    nats.connection()
        .jetStream()
        .publish(
            NatsMessage.builder()
                .subject(nats.contract().courseCommandsSubject())
                .data(body.getBytes(StandardCharsets.UTF_8))
                .build());
  }

  private static String text(Message m) {
    return new String(m.getData(), StandardCharsets.UTF_8);
  }

  @Test
  void messagesAreHandledOneAtATimeInStreamOrder() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    consumer =
        new SerialConsumer(
            nats.connection(),
            spec(),
            handler(
                m -> {
                  maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                  seen.add(text(m));
                  inFlight.decrementAndGet();
                }),
            new SimpleMeterRegistry());
    consumer.start();
    for (int i = 0; i < 20; i++) {
      publish("m" + i);
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 20);
    assertThat(seen)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
    assertThat(maxInFlight.get()).isEqualTo(1);
  }

  @Test
  void unavailableDependency_isRetriedUntilItSucceeds() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    consumer =
        new SerialConsumer(
            nats.connection(),
            spec(),
            handler(
                m -> {
                  if (attempts.incrementAndGet() < 5) {
                    throw new DependencyUnavailableException("db", "down");
                  }
                }),
            new SimpleMeterRegistry());
    consumer.start();
    publish("x");

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
    consumer = new SerialConsumer(nats.connection(), spec(), failing, new SimpleMeterRegistry());
    consumer.start();
    publish("poison");
    publish("after");

    await().atMost(Duration.ofSeconds(20)).until(() -> reported.size() == 2);
    assertThat(attempts.get()).isEqualTo(6);
    List<Message> dead = deadLetters();
    assertThat(dead).extracting(SerialConsumerIT::text).containsExactly("poison", "after");
    assertThat(dead.get(0).getHeaders().getFirst(SerialConsumer.DEAD_LETTER_REASON_HEADER))
        .contains("IllegalStateException");
  }

  @Test
  void undecodableMessage_isDeadLetteredAtOnce() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    consumer =
        new SerialConsumer(
            nats.connection(),
            spec(),
            handler(
                m -> {
                  attempts.incrementAndGet();
                  throw new PoisonMessageException("does not decode", null);
                }),
            new SimpleMeterRegistry());
    consumer.start();
    publish("garbage");

    await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters().size() == 1);
    assertThat(attempts.get()).isEqualTo(1);
  }

  private List<Message> deadLetters() throws Exception {
    JetStreamSubscription sub =
        nats.connection()
            .jetStream()
            .subscribe(
                nats.contract().deadLetterSubject("courses"),
                PullSubscribeOptions.builder().stream(nats.contract().deadLetterStream()).build());
    List<Message> messages = sub.fetch(10, Duration.ofMillis(300));
    sub.unsubscribe();
    return messages;
  }

  private static MessageHandler handler(java.util.function.Consumer<Message> body) {
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
