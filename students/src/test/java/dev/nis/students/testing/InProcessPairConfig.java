package dev.nis.students.testing;

import dev.nis.common.config.Env;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.ServiceProcess;
import dev.nis.common.testing.TestNats;
import dev.nis.courses.CoursesConfig;
import dev.nis.students.StudentsConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration of both services run in one test JVM against each other: one NATS namespace
 * (the test's own), the shared Redis under per-service key prefixes, courses on the given MongoDB
 * database, students on its own PostgreSQL schema, HTTP on free ports (0), gRPC on free ports that
 * each names as its peer's target.
 *
 * @param courses what {@code CoursesApplication.start} takes
 * @param students what {@code StudentsApplication.start} takes
 */
public record InProcessPairConfig(CoursesConfig courses, StudentsConfig students) {
  private static final String PG_URL =
      System.getenv().getOrDefault("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");

  /**
   * @param nats the test's provisioned namespace
   * @param mongoUri the MongoDB courses stores in (e.g. an {@code InProcessMongo})
   * @param mongoDatabase the database there
   * @param postgresSchema the schema students migrates and uses (dropped by the test)
   * @throws IOException when no free port can be found
   */
  public static InProcessPairConfig of(
      TestNats nats, String mongoUri, String mongoDatabase, String postgresSchema)
      throws IOException {
    int coursesGrpc = ServiceProcess.freePort();
    int studentsGrpc = ServiceProcess.freePort();
    Map<String, String> common = new HashMap<>();
    common.put("NIS_NAMESPACE", nats.namespace());
    common.put("NATS_URL", TestNats.URL);
    common.put("REDIS_URL", RunningService.REDIS_URL);
    common.put("SHUTDOWN_GRACE", "3s");
    Map<String, String> coursesEnv = new HashMap<>(common);
    coursesEnv.putAll(
        Map.of(
            "COURSES_HTTP_PORT",
            "0",
            "COURSES_GRPC_PORT",
            "" + coursesGrpc,
            "MONGO_URI",
            mongoUri,
            "MONGO_DATABASE",
            mongoDatabase,
            "CACHE_KEY_PREFIX",
            nats.namespace() + ":courses:",
            "STUDENTS_GRPC_TARGET",
            "127.0.0.1:" + studentsGrpc));
    Map<String, String> studentsEnv = new HashMap<>(common);
    studentsEnv.putAll(
        Map.of(
            "STUDENTS_HTTP_PORT",
            "0",
            "STUDENTS_GRPC_PORT",
            "" + studentsGrpc,
            "POSTGRES_URL",
            PG_URL,
            "POSTGRES_SCHEMA",
            postgresSchema,
            "CACHE_KEY_PREFIX",
            nats.namespace() + ":students:",
            "COURSES_GRPC_TARGET",
            "127.0.0.1:" + coursesGrpc));
    return new InProcessPairConfig(
        CoursesConfig.from(new Env(coursesEnv)), StudentsConfig.from(new Env(studentsEnv)));
  }
}
