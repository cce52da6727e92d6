package dev.nis.common.http;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes operators and Prometheus use: {@code {base}/health} (liveness: 200 while the process
 * serves), {@code {base}/ready} (200, or a 503 problem while a dependency is missing) and {@code
 * GET /metrics} (the Prometheus text format).
 */
public final class ProbeRoutes {
  public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final Logger log = LoggerFactory.getLogger(ProbeRoutes.class);
  private static final Map<String, String> UP = Map.of("status", "UP");

  private ProbeRoutes() {}

  /**
   * @param basePath e.g. {@code /api/courses}
   * @param ready whether the service can serve now (its database reachable, and so on)
   * @param metricsScrape the registry's scrape, e.g. {@code PrometheusMeterRegistry::scrape}
   */
  public static void register(
      HttpRouter router, String basePath, BooleanSupplier ready, Supplier<String> metricsScrape) {
    router.get(basePath + "/health", request -> Response.json(HttpStatus.OK, UP));
    router.get(basePath + "/ready", request -> readiness(ready));
    router.get(
        "/metrics",
        request -> Response.text(HttpStatus.OK, METRICS_CONTENT_TYPE, metricsScrape.get()));
  }

  private static Response readiness(BooleanSupplier ready) {
    boolean isReady;
    try {
      isReady = ready.getAsBoolean();
    } catch (RuntimeException e) {
      log.warn("the readiness check failed", e);
      isReady = false;
    }
    return isReady
        ? Response.json(HttpStatus.OK, UP)
        : Response.problem(Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "not ready to serve"));
  }
}
