package dev.nis.students.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a courses and a students replica wired to each other (README.md's
 * configuration table): one NATS namespace, the shared Redis under per-service key prefixes,
 * courses on a MongoDB database, students on a PostgreSQL schema of its own, each naming the
 * other's gRPC port as its peer. One place for what the in-process pair, the process pair and the
 * convergence workload's replicas share, so that a variable added to the services is added once.
 *
 * @param courses the courses replica's variables
 * @param students the students replica's variables
 */
public record PairEnvironment(Map<String, String> courses, Map<String, String> students) {
  /** The machine's PostgreSQL unless {@code POSTGRES_URL} names another. */
  public static final String PG_URL =
      System.getenv().getOrDefault("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");

  /** The four ports of one pair; an HTTP port of 0 lets the server pick a free one. */
  public record Ports(int coursesHttp, int coursesGrpc, int studentsHttp, int studentsGrpc) {
    /** Four ports nobody listens on right now. */
    public static Ports free() throws java.io.IOException {
      return new Ports(
          dev.nis.common.testing.Ports.free(),
          dev.nis.common.testing.Ports.free(),
          dev.nis.common.testing.Ports.free(),
          dev.nis.common.testing.Ports.free());
    }
  }

  /**
   * @param common variables both replicas get (e.g. {@code NIS_NAMESPACE}, {@code NATS_URL}, {@code
   *     SHUTDOWN_GRACE}); the pair's own variables win over them
   * @param namespace the NATS namespace, also the prefix of both services' Redis keys
   * @param mongoUri the MongoDB courses stores in (e.g. an {@code InProcessMongo})
   * @param postgresSchema the schema students migrates and uses
   */
  public static PairEnvironment of(
      Map<String, String> common,
      String namespace,
      String mongoUri,
      String mongoDatabase,
      String postgresSchema,
      Ports ports) {
    Map<String, String> courses = new HashMap<>(common);
    courses.putAll(
        Map.of(
            "NIS_NAMESPACE", namespace,
            "COURSES_HTTP_PORT", "" + ports.coursesHttp(),
            "COURSES_GRPC_PORT", "" + ports.coursesGrpc(),
            "MONGO_URI", mongoUri,
            "MONGO_DATABASE", mongoDatabase,
            "CACHE_KEY_PREFIX", namespace + ":courses:",
            "STUDENTS_GRPC_TARGET", "127.0.0.1:" + ports.studentsGrpc()));
    Map<String, String> students = new HashMap<>(common);
    students.putAll(
        Map.of(
            "NIS_NAMESPACE", namespace,
            "STUDENTS_HTTP_PORT", "" + ports.studentsHttp(),
            "STUDENTS_GRPC_PORT", "" + ports.studentsGrpc(),
            "POSTGRES_URL", PG_URL,
            "POSTGRES_SCHEMA", postgresSchema,
            "CACHE_KEY_PREFIX", namespace + ":students:",
            "COURSES_GRPC_TARGET", "127.0.0.1:" + ports.coursesGrpc()));
    return new PairEnvironment(Map.copyOf(courses), Map.copyOf(students));
  }
}
