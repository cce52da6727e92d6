package dev.nis.courses.adapter.in.http;

import dev.nis.common.http.HttpRouter;
import dev.nis.common.http.HttpStatus;
import dev.nis.common.http.Problem;
import dev.nis.common.http.ProblemException;
import dev.nis.common.http.Request;
import dev.nis.common.http.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Benchmark ceilings (bench/run.sh): {@code GET /bench/constant?bytes=N} answers a constant JSON
 * body of N bytes (default 2, at most 1 MiB) from the same HTTP server, with nothing behind it, so
 * a route's throughput can be set beside what the server itself can do. Off unless the service is
 * started with {@code NIS_BENCH_ROUTES=true}.
 */
public final class CeilingRoutes {
  public static final String PATH = "/bench/constant";
  static final int MAX_BYTES = 1 << 20;

  private final Map<Integer, String> bodies = new ConcurrentHashMap<>();

  public HttpRouter registerOn(HttpRouter router) {
    return router.get(
        PATH, request -> Response.text(HttpStatus.OK, Response.JSON, body(size(request))));
  }

  private static int size(Request request) {
    String raw = request.query("bytes").orElse("2");
    try {
      int bytes = Integer.parseInt(raw);
      if (bytes >= 2 && bytes <= MAX_BYTES) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ProblemException(
        Problem.invalidField("bytes", "bytes must be an integer from 2 to " + MAX_BYTES));
  }

  /** A JSON string of exactly {@code bytes} bytes: {@code "xxx…"}. */
  private String body(int bytes) {
    return bodies.computeIfAbsent(bytes, n -> '"' + "x".repeat(n - 2) + '"');
  }
}
