package dev.nis.common.jetstream;

import dev.nis.common.application.DependencyUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The consumer loop both services use: pulls one message at a time from a durable consumer, hands
 * it to a {@link MessageHandler} (which acks it when done), and naks it with back-off or
 * dead-letters it when the handler throws. On {@link #stop} it finishes the message in hand, then
 * returns.
 */
public final class SerialConsumer implements AutoCloseable {
  public static final String REQUEST_ID_HEADER = "X-Request-ID";
  public static final String DEAD_LETTER_REASON_HEADER = "Nis-Dead-Letter-Reason";

  private static final Logger log = LoggerFactory.getLogger(SerialConsumer.class);
  private static final Duration FETCH_WAIT = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Connection connection;
  private final ConsumerSpec spec;
  private final MessageHandler handler;
  private final Counter applied;
  private final Counter redelivered;
  private final Counter deadLettered;
  private final AtomicLong pending = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running;
  private Thread thread;

  public SerialConsumer(
      Connection connection, ConsumerSpec spec, MessageHandler handler, MeterRegistry registry) {
    this.connection = connection;
    this.spec = spec;
    this.handler = handler;
    String consumer = spec.durable();
    this.applied = counter(registry, "nis.queue.messages", consumer, "outcome", "handled");
    this.redelivered = counter(registry, "nis.queue.redeliveries", consumer, null, null);
    this.deadLettered = counter(registry, "nis.queue.messages", consumer, "outcome", "dead_letter");
    registry.gauge(
        "nis.queue.pending",
        List.of(io.micrometer.core.instrument.Tag.of("consumer", consumer)),
        pending);
  }

  private static Counter counter(
      MeterRegistry registry, String name, String consumer, String tag, String value) {
    Counter.Builder builder = Counter.builder(name).tag("consumer", consumer);
    if (tag != null) {
      builder.tag(tag, value);
    }
    return builder.register(registry);
  }

  /**
   * Creates or updates the durable consumer, then starts pulling on a thread of its own. A missing
   * stream is reported as such: the initializer creates the streams, not the services.
   */
  public void start() throws IOException {
    try {
      connection.jetStreamManagement().addOrUpdateConsumer(spec.stream(), spec.configuration());
    } catch (JetStreamApiException e) {
      throw new IllegalStateException(
          "cannot attach to stream "
              + spec.stream()
              + " ("
              + e.getMessage()
              + "): run the initializer first",
          e);
    }
    JetStream js = connection.jetStream();
    JetStreamSubscription subscription;
    try {
      subscription =
          js.subscribe(
              spec.filterSubject(), PullSubscribeOptions.bind(spec.stream(), spec.durable()));
    } catch (JetStreamApiException e) {
      throw new IOException("cannot bind to consumer " + spec.durable(), e);
    }
    running = true;
    thread = Thread.ofPlatform().name("consumer-" + spec.durable()).start(() -> loop(subscription));
  }

  private void loop(JetStreamSubscription subscription) {
    try {
      while (running) {
        List<Message> batch;
        try {
          batch = subscription.fetch(1, FETCH_WAIT);
        } catch (RuntimeException e) {
          log.warn("fetch from {} failed: {}", spec.durable(), e.getMessage());
          sleep(FETCH_WAIT);
          continue;
        }
        for (Message message : batch) {
          if (message.isJetStream()) {
            process(message);
          }
        }
      }
    } finally {
      stopped.countDown();
    }
  }

  private void process(Message message) {
    long deliveries = message.metaData().deliveredCount();
    pending.set(message.metaData().pendingCount());
    if (deliveries > 1) {
      redelivered.increment();
    }
    String requestId = header(message, REQUEST_ID_HEADER);
    try (MDC.MDCCloseable r = MDC.putCloseable("request_id", requestId);
        MDC.MDCCloseable s =
            MDC.putCloseable("stream_seq", Long.toString(message.metaData().streamSequence()))) {
      try {
        handler.handle(message);
        applied.increment();
      } catch (DependencyUnavailableException e) {
        log.warn("{}; delivery {} will be retried", e.getMessage(), deliveries);
        message.nakWithDelay(backoff(deliveries));
      } catch (PoisonMessageException e) {
        deadLetter(message, e.getMessage());
      } catch (RuntimeException e) {
        if (deliveries >= spec.poisonLimit()) {
          log.error("giving up after {} deliveries", deliveries, e);
          deadLetter(message, "failed " + deliveries + " times: " + e.getClass().getSimpleName());
        } else {
          log.warn("delivery {} failed; will be retried", deliveries, e);
          message.nakWithDelay(backoff(deliveries));
        }
      }
    }
  }

  private void deadLetter(Message message, String reason) {
    Headers headers =
        message.getHeaders() == null ? new Headers() : new Headers(message.getHeaders());
    headers.put(DEAD_LETTER_REASON_HEADER, reason);
    try {
      connection
          .jetStream()
          .publish(
              NatsMessage.builder()
                  .subject(spec.deadLetterSubject())
                  .headers(headers)
                  .data(message.getData())
                  .build(),
              io.nats.client.PublishOptions.builder()
                  .messageId(spec.durable() + "-" + message.metaData().streamSequence())
                  .build());
      handler.onDeadLetter(message, reason);
      message.term();
      deadLettered.increment();
      log.error(
          "dead-lettered stream sequence {}: {}", message.metaData().streamSequence(), reason);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.warn("could not dead-letter yet, will retry: {}", e.getMessage());
      message.nakWithDelay(MAX_BACKOFF);
    }
  }

  private static Duration backoff(long deliveries) {
    long millis = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(deliveries, 10));
    return Duration.ofMillis(millis);
  }

  private static String header(Message message, String name) {
    Headers headers = message.getHeaders();
    String value = headers == null ? null : headers.getFirst(name);
    return value == null ? "" : value;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops pulling, waits for the message in hand to be finished. */
  public void stop(Duration grace) {
    running = false;
    if (thread == null) {
      return;
    }
    try {
      stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
