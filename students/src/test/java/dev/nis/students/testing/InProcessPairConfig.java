package dev.nis.students.testing;

import dev.nis.common.config.Env;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.TestNats;
import dev.nis.courses.CoursesConfig;
import dev.nis.students.StudentsConfig;
import java.io.IOException;
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
    Map<String, String> common =
        Map.of(
            "NATS_URL",
            TestNats.URL,
            "REDIS_URL",
            RunningService.REDIS_URL,
            "SHUTDOWN_GRACE",
            "3s");
    PairEnvironment env =
        PairEnvironment.of(
            common,
            nats.namespace(),
            mongoUri,
            mongoDatabase,
            postgresSchema,
            new PairEnvironment.Ports(
                0, dev.nis.common.testing.Ports.free(), 0, dev.nis.common.testing.Ports.free()));
    return new InProcessPairConfig(
        CoursesConfig.from(new Env(env.courses())), StudentsConfig.from(new Env(env.students())));
  }
}
