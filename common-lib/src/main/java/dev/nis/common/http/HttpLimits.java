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
 * @param bodyTimeout how long a route may wait for the whole of a request's body once it reads it
 *     ({@code HTTP_BODY_TIMEOUT}); a slower body gets its connection closed ({@link BodyDeadlines})
 * @param idleTimeout how long a keep-alive connection may stay without a request, or with a request
 *     line that never ends ({@code HTTP_IDLE_TIMEOUT}); checked every {@link #IDLE_CHECK_PERIOD}
 * @param maxConnections the most connections served at once ({@code HTTP_MAX_CONNECTIONS}); more
 *     wait in the listen backlog until one closes. Each open connection holds heap even while idle
 *     ({@link #CONNECTION_HEAP_BYTES}), so the default follows the heap ({@link
 *     #maxConnectionsFor}): a client that opens more connections than the heap can hold is kept
 *     waiting instead of ending the process
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
    Duration bodyTimeout,
    Duration idleTimeout,
    int maxConnections,
    int maxConcurrentRequests) {
  /** The longest request line (method, target, version): a longer one is a 414 problem. */
  public static final int MAX_REQUEST_LINE_BYTES = 8192;

  public static final Duration IDLE_CHECK_PERIOD = Duration.ofSeconds(5);

  /**
   * Bytes of heap one open HTTP connection holds while it waits for its next request: Helidon's
   * read and write buffers (8 KiB each, fixed in its {@code NioSocket}), its connection handler and
   * the parked virtual thread's stack. Measured: 1,000 keep-alive connections left idle after one
   * cached read each added 23.9 MB to the live heap of the students service ({@code jcmd
   * GC.class_histogram} before and after, 2026-12-05).
   */
  public static final long CONNECTION_HEAP_BYTES = 24 * 1024;

  /** The fewest and the most connections {@link #maxConnectionsFor} gives, whatever the heap. */
  static final int MIN_DEFAULT_CONNECTIONS = 64;

  static final int MAX_DEFAULT_CONNECTIONS = 4096;

  /**
   * 16 KiB of headers (what common proxies accept), 10 s for a header block, 30 s for a body (64
   * KiB at most: 2.2 KB/s, a slow mobile link's pace, gets it through), 75 s of keep-alive idleness
   * (longer than Kong's 60 s upstream keep-alive, so that Kong closes first), the connections this
   * JVM's heap holds ({@link #maxConnectionsFor}: 1,274 with the images' options), 1,024 requests
   * in flight (about 14 MiB of the services' 96 MiB heap; with 2,048 the overload test of 600
   * {@code Prefer: wait} creates a second still ran the courses service out of heap).
   */
  public static final HttpLimits DEFAULTS =
      new HttpLimits(
          16 * 1024,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(75),
          maxConnectionsFor(Runtime.getRuntime().maxMemory()),
          1024);

  public HttpLimits {
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
    }
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("headerTimeout must be positive");
    }
    if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
      throw new IllegalArgumentException("bodyTimeout must be positive");
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

  /**
   * The default connection limit for a heap of {@code maxHeapBytes}: a third of it at {@link
   * #CONNECTION_HEAP_BYTES} a connection, from {@value #MIN_DEFAULT_CONNECTIONS} to {@value
   * #MAX_DEFAULT_CONNECTIONS}; 1,274 under the images' options ({@code -Xmx96m}, of which {@link
   * Runtime#maxMemory()} reports 89.6 MiB: the serial collector leaves one survivor space out). Why
   * a third: the serial collector's old generation is two thirds of the heap (64 MiB of 96), of
   * which the service's own live set takes ~18 MiB and the requests in flight up to ~14 MiB ({@code
   * maxConcurrentRequests}). Beyond it, measured on the students service with the images' options
   * (wrk, cached reads, 15 s each): 2,048 connections ran 112 full collections and served 11.5k
   * reads/s against 26.5k at 1,024, and 3,500 ended the process with an {@code OutOfMemoryError}
   * (the images' {@code -XX:+ExitOnOutOfMemoryError}) while the limit was 4,096.
   *
   * @param maxHeapBytes the heap's maximum ({@link Runtime#maxMemory()})
   * @return the most connections to serve at once
   */
  public static int maxConnectionsFor(long maxHeapBytes) {
    return Math.clamp(
        maxHeapBytes / 3 / CONNECTION_HEAP_BYTES, MIN_DEFAULT_CONNECTIONS, MAX_DEFAULT_CONNECTIONS);
  }

  /** The limits from {@code HTTP_*} environment variables, {@link #DEFAULTS} where unset. */
  public static HttpLimits from(Env env) {
    return new HttpLimits(
        env.integer("HTTP_MAX_HEADER_BYTES", DEFAULTS.maxHeaderBytes, 1024, 1024 * 1024),
        positive(env, "HTTP_HEADER_TIMEOUT", DEFAULTS.headerTimeout),
        positive(env, "HTTP_BODY_TIMEOUT", DEFAULTS.bodyTimeout),
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
