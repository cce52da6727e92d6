package dev.nis.common.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the requests a route answered with a problem (status 400 and up), as {@code
 * nis_http_problems_total} by {@code service}, {@code method}, {@code route} (the path template,
 * e.g. {@code /api/courses/{id}}) and {@code status}. {@code nis_service_calls_seconds} counts the
 * calls of the service's port, and a request refused at the edge (a body that does not parse, a
 * text field the rule refuses, a limit out of range, an unknown id's shape, an unsupported media
 * type) never reaches the port: without this count a client sending bad input showed only in Kong's
 * figures, and not at all for a caller inside the cluster. The requests the server answers before
 * routing are {@link RefusedRequests}'.
 *
 * <p>The tags stay few whatever clients send: a path that matches no route is {@code route=
 * "unmatched"}, a method outside RFC 9110's and PATCH is {@code method="other"}. Only problems are
 * counted, so that the answers that succeed pay nothing for it.
 */
public final class ProblemResponses {
  static final String NAME = "nis.http.problems";

  /** The route of a request that matched none: its raw path would give a series per path. */
  static final String UNMATCHED = "unmatched";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");

  private final MeterRegistry registry;
  private final String service;
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

  private record Key(String method, String route, int status) {}

  /**
   * @param service the {@code service} tag, as on the service's other meters
   */
  public ProblemResponses(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
  }

  /**
   * One more answer of {@code status}, when it is a problem (400 and up).
   *
   * @param route the matched route's template, or null when no route matched
   */
  void count(String method, String route, int status) {
    if (status < 400) {
      return;
    }
    Key key =
        new Key(
            METHODS.contains(method) ? method : "other", route == null ? UNMATCHED : route, status);
    counters.computeIfAbsent(key, this::register).increment();
  }

  private Counter register(Key key) {
    return Counter.builder(NAME)
        .description("Requests a route answered with a problem (status 400 and up), by route")
        .tag("service", service)
        .tag("method", key.method())
        .tag("route", key.route())
        .tag("status", Integer.toString(key.status()))
        .register(registry);
  }
}
