package dev.nis.common.config;

import java.time.Duration;

/**
 * The durations both services read alike, each with its default (README.md, "Configuration") and
 * the range outside which start-up stops naming the variable: a zero TTL, deadline or timeout
 * failed every cache fill, peer call or publish (found by a fresh helper, 2026-12-07: {@code
 * PEER_DEADLINE=0s} made every relation view a 503), and a value of years overflowed at start-up.
 */
public final class ServiceSettings {
  private ServiceSettings() {}

  /** {@code CACHE_TTL}: 5m by default; 1ms to 7 days. */
  public static Duration cacheTtl(Env env) {
    return env.duration(
        "CACHE_TTL", Duration.ofMinutes(5), Duration.ofMillis(1), Duration.ofDays(7));
  }

  /** {@code PEER_DEADLINE}: 2s by default; 10ms to 5m. */
  public static Duration peerDeadline(Env env) {
    return env.duration(
        "PEER_DEADLINE", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMinutes(5));
  }

  /** {@code PUBLISH_TIMEOUT}: 2s by default; 10ms to 5m. */
  public static Duration publishTimeout(Env env) {
    return env.duration(
        "PUBLISH_TIMEOUT", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMinutes(5));
  }

  /** {@code SHUTDOWN_GRACE}: 10s by default; 0s to 1h. */
  public static Duration shutdownGrace(Env env) {
    return env.duration(
        "SHUTDOWN_GRACE", Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1));
  }
}
