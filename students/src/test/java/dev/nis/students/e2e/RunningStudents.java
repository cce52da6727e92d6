package dev.nis.students.e2e;

import dev.nis.common.config.Env;
import dev.nis.common.testing.TestNats;
import dev.nis.students.StudentsApplication;
import dev.nis.students.StudentsConfig;
import dev.nis.students.testing.TestPostgres;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The students service in this JVM against the machine's NATS and Redis under a namespace and key
 * prefix of its own, and the test's PostgreSQL schema. {@link #environment()} gives the same
 * settings to a service started as a separate process.
 */
final class RunningStudents implements AutoCloseable {
  static final String REDIS_URL =
      System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");

  private final TestNats nats;
  private final Map<String, String> environment;
  private StudentsApplication app;

  private RunningStudents(TestNats nats, Map<String, String> environment) {
    this.nats = nats;
    this.environment = environment;
  }

  /** Provisions a namespace and prepares the settings, without starting the service. */
  static RunningStudents prepare(TestPostgres postgres, Map<String, String> overrides)
      throws Exception {
    TestNats nats = TestNats.provisioned();
    Map<String, String> env = new HashMap<>();
    env.put("STUDENTS_HTTP_PORT", "0");
    env.put("STUDENTS_GRPC_PORT", "0");
    env.put("POSTGRES_URL", TestPostgres.URL);
    env.put("POSTGRES_USER", TestPostgres.USER);
    env.put("POSTGRES_PASSWORD", TestPostgres.PASSWORD);
    env.put("POSTGRES_SCHEMA", postgres.schema());
    env.put("POSTGRES_POOL_SIZE", "4");
    env.put("REDIS_URL", REDIS_URL);
    env.put("NATS_URL", TestNats.URL);
    env.put("NIS_NAMESPACE", nats.namespace());
    env.put("CACHE_KEY_PREFIX", nats.namespace() + ":students:");
    env.put("COURSES_GRPC_TARGET", "127.0.0.1:" + StudentsProcess.freePort());
    env.put("SHUTDOWN_GRACE", "5s");
    env.putAll(overrides);
    return new RunningStudents(nats, env);
  }

  static RunningStudents start(TestPostgres postgres) throws Exception {
    return prepare(postgres, Map.of()).startInProcess();
  }

  RunningStudents startInProcess() throws Exception {
    app = StudentsApplication.start(StudentsConfig.from(new Env(environment)));
    return this;
  }

  Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  TestNats nats() {
    return nats;
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + app.httpPort());
  }

  int grpcPort() {
    return app.grpcPort();
  }

  Api api() {
    return new Api(baseUri());
  }

  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    deleteCacheKeys(environment.get("CACHE_KEY_PREFIX"));
    nats.close();
  }

  private static void deleteCacheKeys(String prefix) {
    RedisClient client = RedisClient.create(REDIS_URL);
    try (var connection = client.connect()) {
      var commands = connection.sync();
      ScanIterator<String> keys =
          ScanIterator.scan(commands, ScanArgs.Builder.matches(prefix + "*"));
      while (keys.hasNext()) {
        commands.del(keys.next());
      }
    } catch (RuntimeException redisDown) {
      // nothing to clean when Redis is unreachable
    } finally {
      client.shutdown();
    }
  }
}
