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
 */
public record EventStreamSettings(Duration heartbeat, int maxStreams, int buffer) {
  public static final EventStreamSettings DEFAULTS =
      new EventStreamSettings(Duration.ofSeconds(15), 256, 1024);

  public EventStreamSettings {
    if (heartbeat.isNegative() || heartbeat.isZero() || maxStreams < 1 || buffer < 1) {
      throw new IllegalArgumentException("heartbeat, maxStreams and buffer must be positive");
    }
  }

  public static EventStreamSettings from(Env env) {
    Duration heartbeat = env.duration("EVENTS_HEARTBEAT", DEFAULTS.heartbeat);
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new ConfigException(
          "EVENTS_HEARTBEAT", "must be longer than 0", env.string("EVENTS_HEARTBEAT", ""));
    }
    return new EventStreamSettings(
        heartbeat,
        env.integer("EVENTS_MAX_STREAMS", DEFAULTS.maxStreams, 1, 100_000),
        env.integer("EVENTS_BUFFER", DEFAULTS.buffer, 1, 1_000_000));
  }
}
