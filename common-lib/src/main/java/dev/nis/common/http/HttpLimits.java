package dev.nis.common.http;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import java.time.Duration;

/**
 * What the HTTP server allows a client (README.md, "Configuration"). A request beyond a limit gets
 * an {@code application/problem+json} answer (431 for a header block too large) or, for a client
 * that stops sending, the connection is closed (408 first when its header block is unfinished).
 *
 * @param maxHeaderBytes the most bytes of header fields one request may carry ({@code
 *     HTTP_MAX_HEADER_BYTES}); the request line has its own limit of {@value
 *     #MAX_REQUEST_LINE_BYTES}
 * @param headerTimeout how long a request may take from its request line to the end of its header
 *     block ({@code HTTP_HEADER_TIMEOUT}); a slower one is answered 408 and its connection closed
 * @param idleTimeout how long a keep-alive connection may stay without a request, or with a request
 *     line that never ends ({@code HTTP_IDLE_TIMEOUT}); checked every {@link #IDLE_CHECK_PERIOD}
 * @param maxConnections the most connections served at once ({@code HTTP_MAX_CONNECTIONS}); more
 *     wait in the listen backlog until one closes
 * @param maxConcurrentRequests the most requests being answered at once, event streams included
 *     ({@code HTTP_MAX_CONCURRENT_REQUESTS}); one more is a 503 problem with {@code Retry-After}
 *     and its connection closed. Each request in flight holds its connection's buffers and a parked
 *     virtual thread's stack on the heap, about 14 KiB under a {@code Prefer: wait} create
 *     (measured with {@code jmap -histo}), so without a bound an overload or a stall of NATS piles
 *     requests up until the heap is full: 600 such creates a second against a cold courses service
 *     ended in an {@code OutOfMemoryError} within 30 s before this limit existed.
 */
public record HttpLimits(
    int maxHeaderBytes,
    Duration headerTimeout,
    Duration idleTimeout,
    int maxConnections,
    int maxConcurrentRequests) {
  /** The longest request line (method, target, version): a longer one is a 414 problem. */
  public static final int MAX_REQUEST_LINE_BYTES = 8192;

  public static final Duration IDLE_CHECK_PERIOD = Duration.ofSeconds(5);

  /**
   * 16 KiB of headers (what common proxies accept), 10 s for a header block, 75 s of keep-alive
   * idleness (longer than Kong's 60 s upstream keep-alive, so that Kong closes first), 4,096
   * connections, 1,024 requests in flight (about 14 MiB of the services' 96 MiB heap; with 2,048
   * the overload test of 600 {@code Prefer: wait} creates a second still ran the courses service
   * out of heap).
   */
  public static final HttpLimits DEFAULTS =
      new HttpLimits(16 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(75), 4096, 1024);

  public HttpLimits {
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
    }
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("headerTimeout must be positive");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive");
    }
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException("maxConcurrentRequests must be positive");
    }
  }

  /** The limits from {@code HTTP_*} environment variables, {@link #DEFAULTS} where unset. */
  public static HttpLimits from(Env env) {
    return new HttpLimits(
        env.integer("HTTP_MAX_HEADER_BYTES", DEFAULTS.maxHeaderBytes, 1024, 1024 * 1024),
        positive(env, "HTTP_HEADER_TIMEOUT", DEFAULTS.headerTimeout),
        positive(env, "HTTP_IDLE_TIMEOUT", DEFAULTS.idleTimeout),
        env.integer("HTTP_MAX_CONNECTIONS", DEFAULTS.maxConnections, 1, 1_000_000),
        env.integer("HTTP_MAX_CONCURRENT_REQUESTS", DEFAULTS.maxConcurrentRequests, 1, 1_000_000));
  }

  private static Duration positive(Env env, String name, Duration defaultValue) {
    Duration value = env.duration(name, defaultValue);
    if (value.isZero()) {
      throw new ConfigException(name, "must be longer than 0", env.string(name, ""));
    }
    return value;
  }
}
