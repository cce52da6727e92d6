package dev.nis.initializer;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import dev.nis.common.jetstream.JetStreamContract;
import java.time.Duration;

/**
 * The initializer's settings, all from the environment:
 *
 * <ul>
 *   <li>{@code NATS_URL} (default {@code nats://127.0.0.1:4222}) the server to provision, or
 *       several servers of one cluster, comma-separated (any that answers will do);
 *   <li>{@code NIS_NAMESPACE} (default {@code nis}) the namespace every name derives from;
 *   <li>{@code INIT_WAIT} (default {@code 30s}) how long to wait for NATS with JetStream to answer;
 *   <li>{@code NIS_STREAM_REPLICAS} (default 1, at most 5, JetStream's limit) how many servers of a
 *       JetStream cluster store each stream and bucket; more than 1 needs a cluster of at least
 *       that many servers (a single server refuses it). Raised on an existing stream, JetStream
 *       copies its messages to the new replicas in place;
 *   <li>{@code INIT_DRAIN_WAIT} (default {@code 120s}) how long a command stream of the layout
 *       before December 2026 may take to be applied by the earlier version's services before it is
 *       retired ({@link CommandStreamMigration}); the job fails, leaving it as it was, after that.
 * </ul>
 */
public record InitializerConfig(
    String natsUrl,
    JetStreamContract contract,
    Duration waitLimit,
    int replicas,
    Duration drainWait) {
  public static final String NATS_URL = "NATS_URL";
  public static final String STREAM_REPLICAS = "NIS_STREAM_REPLICAS";
  public static final String INIT_WAIT = "INIT_WAIT";
  public static final String INIT_DRAIN_WAIT = "INIT_DRAIN_WAIT";
  public static final Duration DEFAULT_DRAIN_WAIT = Duration.ofSeconds(120);
  public static final String DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  /**
   * @throws ConfigException naming the variable whose value cannot be used
   */
  public static InitializerConfig from(Env env) {
    String natsUrl = env.uriList(NATS_URL, DEFAULT_NATS_URL, "nats", "tls");
    JetStreamContract contract = JetStreamContract.from(env);
    return new InitializerConfig(
        natsUrl,
        contract,
        env.duration(INIT_WAIT, DEFAULT_WAIT),
        env.integer(STREAM_REPLICAS, 1, 1, 5),
        env.duration(INIT_DRAIN_WAIT, DEFAULT_DRAIN_WAIT));
  }
}
