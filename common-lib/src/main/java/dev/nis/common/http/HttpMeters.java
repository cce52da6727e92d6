package dev.nis.common.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The HTTP server's own meters: the requests it answers before routing ({@link RefusedRequests})
 * and those a route answers with a problem ({@link ProblemResponses}).
 */
public record HttpMeters(RefusedRequests refused, ProblemResponses problems) {
  /**
   * @param service the {@code service} tag, as on the service's other meters ({@code courses},
   *     {@code students})
   */
  public static HttpMeters of(MeterRegistry registry, String service) {
    return new HttpMeters(
        new RefusedRequests(registry, service), new ProblemResponses(registry, service));
  }

  /** Counted nowhere: for servers that are not a service's (tests, tools). */
  public static HttpMeters uncounted() {
    return of(new SimpleMeterRegistry(), "none");
  }
}
