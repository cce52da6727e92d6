package dev.nis.common.redis;

import dev.nis.common.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A client span per round trip to Redis (OpenTelemetry's database conventions: {@code
 * db.system.name=redis}, {@code db.operation.name} such as {@code MGET} or {@code EVALSHA}).
 *
 * <p>Ours rather than a library's: the lettuce instrumentation of this OpenTelemetry release
 * (opentelemetry-lettuce-5.1 2.31.1-alpha) is not on Maven Central, and an older one would pull
 * another version of the instrumentation API beside the one the other instrumentations use. The
 * cache makes few kinds of round trips (an MGET, three scripts), all in {@link
 * GenerationGuardedCache}, so the spans are made there.
 */
final class RedisSpans {
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> PURPOSE = AttributeKey.stringKey("nis.cache.step");

  private final Tracing tracing;

  RedisSpans(Tracing tracing) {
    this.tracing = tracing;
  }

  /** Runs a blocking round trip inside a span; a failure marks the span and is rethrown. */
  <T> T call(String operation, String step, Supplier<T> roundTrip) {
    Span span = start(operation, step);
    try {
      return roundTrip.get();
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  /** Starts an asynchronous round trip's span, ended when its answer (or failure) arrives. */
  <T> CompletionStage<T> callAsync(
      String operation, String step, Supplier<CompletionStage<T>> roundTrip) {
    Span span = start(operation, step);
    CompletionStage<T> answer;
    try {
      answer = roundTrip.get();
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      span.end();
      throw e;
    }
    return answer.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
          }
          span.end();
        });
  }

  private Span start(String operation, String step) {
    return tracing
        .tracer()
        .spanBuilder(operation)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(SYSTEM, "redis")
        .setAttribute(OPERATION, operation)
        .setAttribute(PURPOSE, step)
        .startSpan();
  }
}
