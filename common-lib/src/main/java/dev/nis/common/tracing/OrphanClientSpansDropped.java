package dev.nis.common.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * A sampler that drops a client span without a parent and asks the configured one otherwise.
 *
 * <p>Why: the readiness checks (every 250 ms per replica), the cache's health ping and the hourly
 * pruning call the database outside any request; the JDBC and MongoDB instrumentations would make
 * each of those a trace of one span, which would bury the traces of requests in a backend. A client
 * span inside a request, a delivery or a port call has a parent and is sampled as its trace is.
 */
public final class OrphanClientSpansDropped implements Sampler {
  private final Sampler next;

  public OrphanClientSpansDropped(Sampler next) {
    this.next = next;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    if (spanKind == SpanKind.CLIENT
        && !Span.fromContext(parentContext).getSpanContext().isValid()) {
      return SamplingResult.drop();
    }
    return next.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "OrphanClientSpansDropped{" + next.getDescription() + "}";
  }
}
