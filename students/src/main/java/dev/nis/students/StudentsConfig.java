package dev.nis.students;

import dev.nis.common.application.CommandQueueLimit;
import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import dev.nis.common.events.EventStreamSettings;
import dev.nis.common.http.HttpLimits;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.students.adapter.out.postgres.PostgresSettings;
import java.time.Duration;
import java.util.Locale;

/**
 * Every setting of the students service, read from environment variables with defaults for a local
 * run (see README.md, "Configuration").
 *
 * @param queueLimit how many commands may wait to be applied before accepting waits, then refuses
 *     ({@code COMMAND_QUEUE_*})
 * @param httpLimits what the HTTP server allows a client ({@code HTTP_*})
 * @param events how the event stream is served ({@code EVENTS_*})
 */
public record StudentsConfig(
    int httpPort,
    int grpcPort,
    PostgresSettings postgres,
    String redisUrl,
    String cacheKeyPrefix,
    Duration cacheTtl,
    String natsUrl,
    JetStreamContract contract,
    String coursesGrpcTarget,
    Duration peerDeadline,
    Duration publishTimeout,
    CommandQueueLimit queueLimit,
    Duration shutdownGrace,
    HttpLimits httpLimits,
    EventStreamSettings events) {

  public static StudentsConfig from(Env env) {
    String namespace = env.identifier(JetStreamContract.NAMESPACE_VARIABLE, "nis");
    return new StudentsConfig(
        env.port("STUDENTS_HTTP_PORT", 8082),
        env.port("STUDENTS_GRPC_PORT", 9092),
        postgres(env),
        env.uri("REDIS_URL", "redis://127.0.0.1:6379", "redis", "rediss").toString(),
        env.string("CACHE_KEY_PREFIX", namespace + ":students:"),
        env.duration("CACHE_TTL", Duration.ofMinutes(5)),
        env.uriList("NATS_URL", "nats://127.0.0.1:4222", "nats", "tls"),
        new JetStreamContract(namespace.toLowerCase(Locale.ROOT)),
        env.hostPort("COURSES_GRPC_TARGET", "127.0.0.1:9091"),
        env.duration("PEER_DEADLINE", Duration.ofSeconds(2)),
        env.duration("PUBLISH_TIMEOUT", Duration.ofSeconds(2)),
        CommandQueueLimit.from(env),
        env.duration("SHUTDOWN_GRACE", Duration.ofSeconds(10)),
        HttpLimits.from(env),
        EventStreamSettings.from(env));
  }

  private static PostgresSettings postgres(Env env) {
    String url = env.string("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    if (!url.matches("jdbc:postgresql://[^/\\s]+/[^\\s]+")) {
      throw new ConfigException(
          "POSTGRES_URL", "must be a JDBC URL like jdbc:postgresql://host:5432/database", url);
    }
    String schema = env.string("POSTGRES_SCHEMA", "nis");
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new ConfigException(
          "POSTGRES_SCHEMA",
          "must be a lower-case PostgreSQL name: a letter or '_', then letters, digits or '_'",
          schema);
    }
    return new PostgresSettings(
        url,
        env.string("POSTGRES_USER", "postgres"),
        env.string("POSTGRES_PASSWORD", ""),
        schema,
        env.integer("POSTGRES_POOL_SIZE", 10, 1, 200));
  }
}
