package dev.nis.common.events;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import java.time.Duration;

/**
 * How each replica serves event streams (README.md, "The event stream").
 *
 * @param heartbeat how often an idle stream sends a comment line, so that proxies (Kong, load
 *     balancers) keep the connection and a gone client is noticed ({@code EVENTS_HEARTBEAT})
 * @param maxStreams concurrent streams per replica; one more is a 503 with Retry-After ({@code
 *     EVENTS_MAX_STREAMS})
 * @param buffer events held for a client that reads slower than they come; when full, the client is
 *     dropped with a final {@code stream.closed} event ({@code EVENTS_BUFFER})
 * @param writeTimeout how long one write to a client may block (its socket full: the client stopped
 *     reading) before the connection is closed and its slot freed ({@code EVENTS_WRITE_TIMEOUT})
 * @param linger the shortest time between two writes to one stream: an event that comes sooner
 *     after the last write waits, so that the events coming meanwhile go out in the same socket
 *     write, and one that comes later goes at once; 0 writes each event as it comes ({@code
 *     EVENTS_LINGER}). The default, 100 ms, let 200 streams each reading every event keep 90–91 %
 *     of the applied rate without them in the benchmark, where 20 ms kept 37–51 % (each stream's
 *     writer waking 50 times a second) and 250 ms 89 % at twice the latency; a stream's buffer must
 *     hold one linger's events (1024 per 100 ms: 10,000 events a second per stream)
 */
public record EventStreamSettings(
    Duration heartbeat, int maxStreams, int buffer, Duration writeTimeout, Duration linger) {
  /** The most a stream may hold an event back: well under the event stream's 1 s promise. */
  static final Duration MAX_LINGER = Duration.ofMillis(500);

  public static final EventStreamSettings DEFAULTS =
      new EventStreamSettings(
          Duration.ofSeconds(15), 256, 1024, Duration.ofSeconds(10), Duration.ofMillis(100));

  public EventStreamSettings {
    if (!positive(heartbeat) || maxStreams < 1 || buffer < 1 || !positive(writeTimeout)) {
      throw new IllegalArgumentException(
          "heartbeat, maxStreams, buffer and writeTimeout must be positive");
    }
    if (linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
      throw new IllegalArgumentException("linger must be between 0 and " + MAX_LINGER);
    }
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  public static EventStreamSettings from(Env env) {
    return new EventStreamSettings(
        positiveDuration(env, "EVENTS_HEARTBEAT", DEFAULTS.heartbeat),
        env.integer("EVENTS_MAX_STREAMS", DEFAULTS.maxStreams, 1, 100_000),
        env.integer("EVENTS_BUFFER", DEFAULTS.buffer, 1, 1_000_000),
        positiveDuration(env, "EVENTS_WRITE_TIMEOUT", DEFAULTS.writeTimeout),
        linger(env));
  }

  private static Duration linger(Env env) {
    Duration value = env.duration("EVENTS_LINGER", DEFAULTS.linger);
    if (value.isNegative() || value.compareTo(MAX_LINGER) > 0) {
      throw new ConfigException(
          "EVENTS_LINGER",
          "must be between 0 and " + MAX_LINGER.toMillis() + "ms",
          env.string("EVENTS_LINGER", ""));
    }
    return value;
  }

  private static Duration positiveDuration(Env env, String name, Duration fallback) {
    Duration value = env.duration(name, fallback);
    if (!positive(value)) {
      throw new ConfigException(name, "must be longer than 0", env.string(name, ""));
    }
    return value;
  }
}
