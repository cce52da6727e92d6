package dev.nis.common.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the requests the HTTP server answers itself, before any route runs, as {@code
 * nis_http_requests_refused_total} by {@code service} and {@code status}: 503 for a request beyond
 * {@link HttpLimits#maxConcurrentRequests} (overload), 408 for a header block later than {@link
 * HttpLimits#headerTimeout}, and the protocol errors (400, 413, 414, 431, 501, 505: {@link
 * ProtocolProblems}). Such requests reach no route and so are not in {@code
 * nis_service_calls_seconds}: without this count an overloaded replica's 503s would show only in
 * its clients' and Kong's figures. The router's own 404, 405 and 501 are not refusals: they answer
 * a request read whole.
 */
public final class RefusedRequests {
  static final String NAME = "nis.http.requests.refused";

  private final MeterRegistry registry;
  private final String service;
  private final Map<Integer, Counter> byStatus = new ConcurrentHashMap<>();

  /**
   * Registers the overload and header-timeout series at 0, so that they exist before the first
   * refusal: a series that appears only with its first increment shows no {@code rate()} for it,
   * and the dashboard and the alert would have nothing to read until then.
   *
   * @param service the {@code service} tag, as on the service's other meters ({@code courses},
   *     {@code students})
   */
  public RefusedRequests(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
    counter(HttpStatus.SERVICE_UNAVAILABLE);
    counter(408);
  }

  /** Counted nowhere: for servers that are not a service's (tests, tools). */
  public static RefusedRequests uncounted() {
    return new RefusedRequests(new SimpleMeterRegistry(), "none");
  }

  /** One more request answered {@code status} before routing. */
  void count(int status) {
    counter(status).increment();
  }

  private Counter counter(int status) {
    return byStatus.computeIfAbsent(
        status,
        s ->
            Counter.builder(NAME)
                .description("Requests the HTTP server answered itself, before routing")
                .tag("service", service)
                .tag("status", Integer.toString(s))
                .register(registry));
  }
}
