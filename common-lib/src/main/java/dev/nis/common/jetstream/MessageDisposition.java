package dev.nis.common.jetstream;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.tracing.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What happens to one delivered message: the {@link MessageHandler} applies and acks it; a failure
 * naks it with back-off (an unavailable dependency, without limit; anything else until the poison
 * limit) or dead-letters it (a message that cannot be decoded, or one that failed too often).
 * Counts handled, redelivered and dead-lettered messages per consumer, and traces each delivery (a
 * consumer span, the child of the publish that sent the message: {@link MessageTracing}).
 */
final class MessageDisposition {
  static final String REQUEST_ID_HEADER = "X-Request-ID";
  static final String DEAD_LETTER_REASON_HEADER = "Nis-Dead-Letter-Reason";

  private static final Logger log = LoggerFactory.getLogger(MessageDisposition.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /**
   * The most a message waits while a dependency is down: short, so that applying resumes within 2 s
   * of the dependency's return (issue 10's recovery target); each try fails fast meanwhile.
   */
  private static final Duration MAX_DEPENDENCY_BACKOFF = Duration.ofSeconds(1);

  private final Connection connection;
  private final ConsumerSpec spec;
  private final MessageHandler handler;
  private final Tracing tracing;
  private final Counter handled;
  private final Counter redelivered;
  private final Counter deadLettered;

  MessageDisposition(
      Connection connection,
      ConsumerSpec spec,
      MessageHandler handler,
      MeterRegistry registry,
      Tracing tracing) {
    this.connection = connection;
    this.spec = spec;
    this.handler = handler;
    this.tracing = tracing;
    this.handled = outcome(registry, spec, "handled");
    this.deadLettered = outcome(registry, spec, "dead_letter");
    this.redelivered =
        Counter.builder("nis.queue.redeliveries")
            .description("Messages delivered more than once (after a failure, a nak or a crash)")
            .tag("consumer", spec.durable())
            .register(registry);
  }

  private static Counter outcome(MeterRegistry registry, ConsumerSpec spec, String outcome) {
    return Counter.builder("nis.queue.messages")
        .description("Messages taken off a queue, by how they ended (handled or dead_letter)")
        .tag("consumer", spec.durable())
        .tag("outcome", outcome)
        .register(registry);
  }

  void process(Message message) {
    long deliveries = message.metaData().deliveredCount();
    if (deliveries > 1) {
      redelivered.increment();
    }
    Span span = MessageTracing.process(tracing, spec, message);
    try (Scope scope = span.makeCurrent();
        MDC.MDCCloseable r = MDC.putCloseable("request_id", header(message, REQUEST_ID_HEADER));
        MDC.MDCCloseable t = MDC.putCloseable("stream", message.metaData().getStream());
        MDC.MDCCloseable s =
            MDC.putCloseable("stream_seq", Long.toString(message.metaData().streamSequence()))) {
      try {
        handler.handle(message);
        handled.increment();
      } catch (DependencyUnavailableException e) {
        failed(span, e);
        log.warn("{}; delivery {} will be retried", e.getMessage(), deliveries);
        message.nakWithDelay(min(backoff(deliveries), MAX_DEPENDENCY_BACKOFF));
      } catch (PoisonMessageException e) {
        failed(span, e);
        deadLetter(message, e.getMessage());
      } catch (RuntimeException e) {
        failed(span, e);
        if (deliveries >= spec.poisonLimit()) {
          log.error("giving up after {} deliveries", deliveries, e);
          deadLetter(message, "failed " + deliveries + " times: " + e.getClass().getSimpleName());
        } else {
          log.warn("delivery {} failed; will be retried", deliveries, e);
          message.nakWithDelay(backoff(deliveries));
        }
      }
    } finally {
      span.end();
    }
  }

  private static void failed(Span span, RuntimeException e) {
    span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
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
              PublishOptions.builder()
                  // the partition's durable, not the base name: partitions that have a stream
                  // each number their messages from the same sequences
                  .messageId(
                      message.metaData().getConsumer() + "-" + message.metaData().streamSequence())
                  .build());
      handler.onDeadLetter(message, reason);
      message.term();
      deadLettered.increment();
      log.error(
          "dead-lettered stream sequence {} of {}: {}",
          message.metaData().streamSequence(),
          message.metaData().getStream(),
          reason);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.warn("could not dead-letter yet, will retry: {}", e.getMessage());
      message.nakWithDelay(MAX_BACKOFF);
    }
  }

  /** 200 ms, 400 ms, … up to 5 s. */
  static Duration backoff(long deliveries) {
    long millis = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(deliveries, 10));
    return Duration.ofMillis(millis);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String header(Message message, String name) {
    Headers headers = message.getHeaders();
    String value = headers == null ? null : headers.getFirst(name);
    return value == null ? "" : value;
  }
}
