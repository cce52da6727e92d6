package dev.nis.courses;

import dev.nis.common.application.CommandQueueLimit;
import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import dev.nis.common.config.ServiceSettings;
import dev.nis.common.events.EventStreamSettings;
import dev.nis.common.http.HttpLimits;
import dev.nis.common.jetstream.JetStreamContract;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the courses service, read from environment variables with defaults for a local
 * run (see README.md, "Configuration").
 *
 * @param mongoUri empty: run an embedded MongoDB wire-protocol server over {@code dataDir}
 * @param dataDir where the embedded server keeps its data file when {@code mongoUri} is empty
 * @param embeddedMongoPort the embedded server's port on 127.0.0.1 ({@code COURSES_MONGO_PORT}; 0:
 *     a free one), for a MongoDB client beside the service (mongosh, a backup, the benchmark)
 * @param queueLimit how many commands may wait to be applied before accepting waits, then refuses
 *     ({@code COMMAND_QUEUE_*})
 * @param httpLimits what the HTTP server allows a client ({@code HTTP_*})
 * @param benchRoutes {@code NIS_BENCH_ROUTES=true}: also serve the benchmark ceiling route
 * @param events how the event stream is served ({@code EVENTS_*})
 * @param reconcileInterval the pause between two runs of the reconciliation of the enrollment
 *     relation ({@code RECONCILE_INTERVAL}, 1 s to 24 h)
 */
public record CoursesConfig(
    int httpPort,
    int grpcPort,
    Optional<String> mongoUri,
    Path dataDir,
    int embeddedMongoPort,
    String mongoDatabase,
    String redisUrl,
    String cacheKeyPrefix,
    Duration cacheTtl,
    String natsUrl,
    JetStreamContract contract,
    String studentsGrpcTarget,
    Duration peerDeadline,
    Duration publishTimeout,
    CommandQueueLimit queueLimit,
    Duration shutdownGrace,
    HttpLimits httpLimits,
    boolean benchRoutes,
    EventStreamSettings events,
    Duration reconcileInterval) {

  public static final String DATA_DIR_VARIABLE = "COURSES_DATA_DIR";

  public static final String EMBEDDED_MONGO_PORT_VARIABLE = "COURSES_MONGO_PORT";

  /** Relative to the working directory: {@code data/courses} of the checkout for a local run. */
  public static final String DEFAULT_DATA_DIR = "data/courses";

  public static CoursesConfig from(Env env) {
    String mongoUri = env.string("MONGO_URI", "");
    if (!mongoUri.isEmpty()) {
      env.uri("MONGO_URI", mongoUri, "mongodb", "mongodb+srv");
    }
    JetStreamContract contract = JetStreamContract.from(env);
    String namespace = contract.namespace();
    return new CoursesConfig(
        env.port("COURSES_HTTP_PORT", 8081),
        env.port("COURSES_GRPC_PORT", 9091),
        mongoUri.isEmpty() ? Optional.empty() : Optional.of(mongoUri),
        dataDir(env, mongoUri.isEmpty()),
        env.port(EMBEDDED_MONGO_PORT_VARIABLE, 0),
        env.identifier("MONGO_DATABASE", "nis"),
        env.uri("REDIS_URL", "redis://127.0.0.1:6379", "redis", "rediss").toString(),
        env.string("CACHE_KEY_PREFIX", namespace + ":courses:"),
        ServiceSettings.cacheTtl(env),
        env.uriList("NATS_URL", "nats://127.0.0.1:4222", "nats", "tls"),
        contract,
        env.hostPort("STUDENTS_GRPC_TARGET", "127.0.0.1:9092"),
        ServiceSettings.peerDeadline(env),
        ServiceSettings.publishTimeout(env),
        CommandQueueLimit.from(env),
        ServiceSettings.shutdownGrace(env),
        HttpLimits.from(env),
        env.flag("NIS_BENCH_ROUTES", false),
        EventStreamSettings.from(env),
        reconcileInterval(env));
  }

  public static final String RECONCILE_INTERVAL_VARIABLE = "RECONCILE_INTERVAL";

  private static Duration reconcileInterval(Env env) {
    Duration interval = env.duration(RECONCILE_INTERVAL_VARIABLE, Duration.ofMinutes(1));
    if (interval.compareTo(Duration.ofSeconds(1)) < 0
        || interval.compareTo(Duration.ofHours(24)) > 0) {
      throw new ConfigException(
          RECONCILE_INTERVAL_VARIABLE,
          "must be from 1s to 24h",
          env.string(RECONCILE_INTERVAL_VARIABLE, ""));
    }
    return interval;
  }

  /**
   * A path; when the embedded server will use it, a writable directory or one that does not exist
   * yet (created at start). With {@code MONGO_URI} it is not used, so not checked further.
   */
  private static Path dataDir(Env env, boolean used) {
    String raw = env.string(DATA_DIR_VARIABLE, DEFAULT_DATA_DIR);
    Path dir;
    try {
      dir = Path.of(raw);
    } catch (InvalidPathException e) {
      throw new ConfigException(DATA_DIR_VARIABLE, "must be a path", raw);
    }
    if (used && Files.exists(dir) && !(Files.isDirectory(dir) && Files.isWritable(dir))) {
      throw new ConfigException(DATA_DIR_VARIABLE, "must be a writable directory", raw);
    }
    return dir;
  }
}
