package dev.nis.students;

import dev.nis.common.application.CommandQueueLimit;
import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import dev.nis.common.config.ServiceSettings;
import dev.nis.common.events.EventStreamSettings;
import dev.nis.common.http.HttpLimits;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.students.adapter.out.postgres.PostgresSettings;
import java.time.Duration;

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
    JetStreamContract contract = JetStreamContract.from(env);
    String namespace = contract.namespace();
    return new StudentsConfig(
        env.port("STUDENTS_HTTP_PORT", 8082),
        env.port("STUDENTS_GRPC_PORT", 9092),
        postgres(env),
        env.uri("REDIS_URL", "redis://127.0.0.1:6379", "redis", "rediss").toString(),
        env.string("CACHE_KEY_PREFIX", namespace + ":students:"),
        ServiceSettings.cacheTtl(env),
        env.uriList("NATS_URL", "nats://127.0.0.1:4222", "nats", "tls"),
        contract,
        env.hostPort("COURSES_GRPC_TARGET", "127.0.0.1:9091"),
        ServiceSettings.peerDeadline(env),
        ServiceSettings.publishTimeout(env),
        CommandQueueLimit.from(env),
        ServiceSettings.shutdownGrace(env),
        HttpLimits.from(env),
        EventStreamSettings.from(env));
  }

  /**
   * Whether each host of the URL's host list ({@code host[:port]}, comma-separated, an IPv6 address
   * in brackets) has no port or one from 1 to 65535: a port past it passed the pattern and ended
   * start-up in the driver's stack trace (found by a fresh helper, 2026-12-07).
   */
  private static boolean portsInRange(String url) {
    int start = "jdbc:postgresql://".length();
    String hosts = url.substring(start, url.indexOf('/', start));
    for (String host : hosts.split(",", -1)) {
      int colon = host.lastIndexOf(':');
      if (colon < 0 || host.lastIndexOf(']') > colon) {
        continue;
      }
      String port = host.substring(colon + 1);
      if (!port.matches("\\d{1,5}")
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        return false;
      }
    }
    return true;
  }

  private static PostgresSettings postgres(Env env) {
    String url = env.string("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    if (!url.matches("jdbc:postgresql://[^/\\s]+/[^\\s]+") || !portsInRange(url)) {
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
