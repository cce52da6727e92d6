package dev.nis.common.http;

import dev.nis.common.tracing.Tracing;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server span of each HTTP request, the child of the client's {@code traceparent} when it sent
 * one (W3C Trace Context; Kong passes it on). Named and described by OpenTelemetry's HTTP
 * conventions: {@code GET /api/courses/{id}} once the route is known, {@code http.route}, {@code
 * http.response.status_code}, an error status for a 5xx only (a 4xx is the client's, not ours).
 *
 * <p>Written here rather than taken from opentelemetry-helidon-4.3: that library instruments
 * Helidon's routing as a filter, but every request of this server goes through one handler ({@link
 * RouteDispatcher}), which alone knows the route template that names the span.
 */
final class ServerSpans {
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("nis.request_id");

  private static final TextMapGetter<ServerRequest> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ServerRequest carrier) {
          List<String> names = new ArrayList<>();
          carrier.headers().forEach(header -> names.add(header.name()));
          return names;
        }

        @Override
        public String get(ServerRequest carrier, String key) {
          return carrier == null
              ? null
              : carrier
                  .headers()
                  .first(NAMES.computeIfAbsent(key, HeaderNames::create))
                  .orElse(null);
        }
      };

  /** The propagators' header names (traceparent, tracestate, ...), built once, not per request. */
  private static final Map<String, HeaderName> NAMES = new ConcurrentHashMap<>();

  private final Tracing tracing;

  ServerSpans(Tracing tracing) {
    this.tracing = tracing;
  }

  Span start(ServerRequest req, String method, String path, String requestId) {
    Context parent = tracing.extract(Context.root(), req, GETTER);
    return tracing
        .tracer()
        .spanBuilder(method)
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .setAttribute(METHOD, method)
        .setAttribute(PATH, path)
        .setAttribute(REQUEST_ID, requestId)
        .startSpan();
  }

  static void routed(Span span, String method, String template) {
    if (!span.isRecording()) {
      return; // a span passed on from the client, or none: nothing to name
    }
    span.updateName(method + " " + template);
    span.setAttribute(ROUTE, template);
  }

  static void answered(Span span, int status) {
    if (!span.isRecording()) {
      return;
    }
    span.setAttribute(STATUS, (long) status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
  }
}
