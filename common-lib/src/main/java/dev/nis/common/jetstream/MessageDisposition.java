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
import io.nats.client.support.NatsJetStreamConstants;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
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

  /** The dead-lettered message's own {@code Nats-Msg-Id}, on its copy. */
  static final String ORIGINAL_MSG_ID_HEADER = "Nis-Original-Msg-Id";

  /** On a copy whose body was cut to fit: the length of the original body, in bytes. */
  static final String TRUNCATED_HEADER = "Nis-Dead-Letter-Truncated";

  /**
   * Bytes kept free beside a copy's headers and body: the id header that the publish adds and the
   * protocol line's own ({@code HPUB <subject> <sizes>}).
   */
  private static final int FRAMING_ALLOWANCE = 256;

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

  /**
   * Stores a copy of the message in the dead-letter stream under an id of its own (the consumer and
   * the stream sequence), tells the handler (which ends the message's operation), then ends the
   * message. The copy keeps the original's headers but JetStream's own: the original {@code
   * Nats-Msg-Id} moves to {@link #ORIGINAL_MSG_ID_HEADER} (kept first, it was the id JetStream
   * deduplicated on, and the two services' copies of one log entry were one copy), and the
   * publisher's {@code Nats-Expected-*} conditions, which name the original's stream, are dropped.
   * A body too large to fit beside the headers in one NATS message is cut to what fits ({@link
   * #TRUNCATED_HEADER} gives its length): a copy over the server's {@code max_payload} made the
   * server close the whole connection, again at each try (found by a fresh helper, 2026-12-07).
   * When the handler fails for another reason than an unavailable dependency (a foreign message
   * whose id names no operation), the message is ended all the same: retrying cannot change that,
   * and its partition would wait behind it for good.
   */
  private void deadLetter(Message message, String reason) {
    Headers headers = copiedHeaders(message.getHeaders());
    headers.put(DEAD_LETTER_REASON_HEADER, reason);
    byte[] data = message.getData() == null ? new byte[0] : message.getData();
    try {
      String messageId =
          message.metaData().getConsumer() + "-" + message.metaData().streamSequence();
      data = fitting(data, headers, spec.deadLetterSubject(), messageId);
      connection
          .jetStream()
          .publish(
              NatsMessage.builder()
                  .subject(spec.deadLetterSubject())
                  .headers(headers)
                  .data(data)
                  .build(),
              PublishOptions.builder()
                  // the partition's durable, not the base name: partitions that have a stream
                  // each number their messages from the same sequences
                  .messageId(messageId)
                  .build());
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.warn("could not dead-letter yet, will retry: {}", e.getMessage());
      message.nakWithDelay(MAX_BACKOFF);
      return;
    }
    try {
      handler.onDeadLetter(message, reason);
    } catch (DependencyUnavailableException e) {
      log.warn(
          "dead-lettered, but its outcome could not be recorded yet, will retry: {}",
          e.getMessage());
      message.nakWithDelay(MAX_BACKOFF);
      return;
    } catch (RuntimeException e) {
      log.error("dead-lettered a message whose outcome cannot be recorded: {}", e.toString());
    }
    message.term();
    deadLettered.increment();
    log.error(
        "dead-lettered stream sequence {} of {}: {}",
        message.metaData().streamSequence(),
        message.metaData().getStream(),
        reason);
  }

  /** The original's headers without JetStream's publish controls, its id kept by another name. */
  private static Headers copiedHeaders(Headers original) {
    Headers headers = new Headers();
    if (original == null) {
      return headers;
    }
    for (String name : original.keySet()) {
      if (name.equalsIgnoreCase(NatsJetStreamConstants.MSG_ID_HDR)) {
        headers.put(ORIGINAL_MSG_ID_HEADER, original.get(name));
      } else if (!name.regionMatches(true, 0, "Nats-Expected-", 0, "Nats-Expected-".length())) {
        headers.put(name, original.get(name));
      }
    }
    return headers;
  }

  /**
   * {@code data}, or its first bytes when the whole would not fit beside the headers in one message
   * of the server's {@code max_payload} (headers, subject and id counted generously).
   */
  private byte[] fitting(byte[] data, Headers headers, String subject, String messageId) {
    long room =
        connection.getMaxPayload()
            - headers.serializedLength()
            - subject.length()
            - messageId.length()
            - FRAMING_ALLOWANCE;
    if (data.length <= room) {
      return data;
    }
    headers.put(TRUNCATED_HEADER, Integer.toString(data.length));
    return Arrays.copyOf(data, (int) Math.max(0, room - TRUNCATED_HEADER.length() - 16));
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
