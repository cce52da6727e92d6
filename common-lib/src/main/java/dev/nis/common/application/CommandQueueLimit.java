package dev.nis.common.application;

import dev.nis.common.config.Env;
import java.time.Duration;

/**
 * How many commands a service lets queue up before its replicas stop accepting more (README.md,
 * "Configuration"), so that an overload of creates makes clients wait, then 503, instead of a
 * backlog that grows without bound while accepting takes the cores that applying needs.
 *
 * @param maxUnapplied the most commands of this service that JetStream may hold not yet applied,
 *     over all its partitions and replicas ({@code COMMAND_QUEUE_LIMIT}). The default, 2,000, is
 *     under a second of applying at the rates measured here (2,900 course and 3,000 student creates
 *     a second draining, bench/analysis.md)
 * @param admissionWait how long a mutation waits for the queue to fall under the limit before it is
 *     answered 503 with {@code Retry-After} ({@code COMMAND_QUEUE_WAIT})
 */
public record CommandQueueLimit(long maxUnapplied, Duration admissionWait) {
  public static final CommandQueueLimit DEFAULTS =
      new CommandQueueLimit(2_000, Duration.ofSeconds(2));

  public CommandQueueLimit {
    if (maxUnapplied < 1) {
      throw new IllegalArgumentException("maxUnapplied must be positive, was " + maxUnapplied);
    }
    if (admissionWait.isNegative()) {
      throw new IllegalArgumentException("admissionWait must not be negative");
    }
  }

  public static CommandQueueLimit from(Env env) {
    Duration wait =
        env.duration(
            "COMMAND_QUEUE_WAIT", DEFAULTS.admissionWait, Duration.ZERO, Duration.ofMinutes(1));
    return new CommandQueueLimit(
        env.integer("COMMAND_QUEUE_LIMIT", (int) DEFAULTS.maxUnapplied, 1, 10_000_000), wait);
  }
}
