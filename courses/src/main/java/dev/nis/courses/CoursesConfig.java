package dev.nis.courses;

import dev.nis.common.config.Env;
import dev.nis.common.jetstream.JetStreamContract;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the courses service, read from environment variables with defaults for a local
 * run (see README.md, "Configuration").
 *
 * @param mongoUri empty: run an in-process MongoDB wire-protocol server (data is not kept)
 * @param benchRoutes {@code NIS_BENCH_ROUTES=true}: also serve the benchmark ceiling route
 */
public record CoursesConfig(
    int httpPort,
    int grpcPort,
    Optional<String> mongoUri,
    String mongoDatabase,
    String redisUrl,
    String cacheKeyPrefix,
    Duration cacheTtl,
    String natsUrl,
    JetStreamContract contract,
    String studentsGrpcTarget,
    Duration peerDeadline,
    Duration publishTimeout,
    Duration shutdownGrace,
    boolean benchRoutes) {

  public static CoursesConfig from(Env env) {
    String mongoUri = env.string("MONGO_URI", "");
    if (!mongoUri.isEmpty()) {
      env.uri("MONGO_URI", mongoUri, "mongodb", "mongodb+srv");
    }
    String namespace = env.identifier(JetStreamContract.NAMESPACE_VARIABLE, "nis");
    return new CoursesConfig(
        env.port("COURSES_HTTP_PORT", 8081),
        env.port("COURSES_GRPC_PORT", 9091),
        mongoUri.isEmpty() ? Optional.empty() : Optional.of(mongoUri),
        env.identifier("MONGO_DATABASE", "nis"),
        env.uri("REDIS_URL", "redis://127.0.0.1:6379", "redis", "rediss").toString(),
        env.string("CACHE_KEY_PREFIX", namespace + ":courses:"),
        env.duration("CACHE_TTL", Duration.ofMinutes(5)),
        env.uri("NATS_URL", "nats://127.0.0.1:4222", "nats", "tls").toString(),
        new JetStreamContract(namespace.toLowerCase(java.util.Locale.ROOT)),
        env.hostPort("STUDENTS_GRPC_TARGET", "127.0.0.1:9092"),
        env.duration("PEER_DEADLINE", Duration.ofSeconds(2)),
        env.duration("PUBLISH_TIMEOUT", Duration.ofSeconds(2)),
        env.duration("SHUTDOWN_GRACE", Duration.ofSeconds(10)),
        env.flag("NIS_BENCH_ROUTES", false));
  }
}
