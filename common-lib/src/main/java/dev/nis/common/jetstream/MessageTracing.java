package dev.nis.common.jetstream;

import dev.nis.common.tracing.Tracing;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;

/**
 * The spans of JetStream messages: a producer span per publish, whose context travels in the
 * message's headers ({@code traceparent}, W3C Trace Context) next to {@code X-Request-ID}, and a
 * consumer span per delivery, the child of the publish that sent it. Names and attributes follow
 * OpenTelemetry's messaging conventions ({@code publish <stream>}, {@code process <stream>}); a
 * partitioned stream is named by what its partitions' names share ({@code NIS_COURSE_COMMANDS}, the
 * convention's low-cardinality destination template), its subject names the partition.
 */
final class MessageTracing {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<String> CONSUMER =
      AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<Long> DELIVERY = AttributeKey.longKey("messaging.nats.delivery_count");

  static final TextMapGetter<Headers> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
          return carrier == null ? List.of() : carrier.keySet();
        }

        @Override
        public String get(Headers carrier, String key) {
          return carrier == null ? null : carrier.getFirst(key);
        }
      };

  static final TextMapSetter<Headers> SETTER = (carrier, key, value) -> carrier.put(key, value);

  private MessageTracing() {}

  /**
   * Starts the span of one publish to {@code stream} (a child of the current span) and writes its
   * context into {@code headers}; the caller ends it once JetStream acked the message.
   */
  static Span publish(
      Tracing tracing, String stream, String subject, String messageId, Headers headers) {
    Span span =
        tracing
            .tracer()
            .spanBuilder("publish " + stream)
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(SYSTEM, "nats")
            .setAttribute(OPERATION, "publish")
            .setAttribute(DESTINATION, subject)
            .setAttribute(MESSAGE_ID, messageId)
            .startSpan();
    tracing.inject(Context.current().with(span), headers, SETTER);
    return span;
  }

  /** Starts the span of one delivery, the child of the context its headers carry (if any). */
  static Span process(Tracing tracing, ConsumerSpec spec, Message message) {
    Headers headers = message.getHeaders();
    Context parent = tracing.extract(Context.root(), headers, GETTER);
    var builder =
        tracing
            .tracer()
            .spanBuilder("process " + spec.stream())
            .setParent(parent)
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(SYSTEM, "nats")
            .setAttribute(OPERATION, "process")
            .setAttribute(DESTINATION, message.getSubject())
            .setAttribute(CONSUMER, spec.durable());
    if (headers != null && headers.getFirst(JetStreamDelivery.MSG_ID) != null) {
      builder.setAttribute(MESSAGE_ID, headers.getFirst(JetStreamDelivery.MSG_ID));
    }
    if (message.isJetStream()) {
      builder.setAttribute(DELIVERY, message.metaData().deliveredCount());
    }
    return builder.startSpan();
  }
}
