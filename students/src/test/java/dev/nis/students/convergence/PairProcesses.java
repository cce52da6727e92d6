package dev.nis.students.convergence;

import dev.nis.common.testing.Service;
import dev.nis.common.testing.ServiceProcess;
import dev.nis.common.testing.TestNats;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.students.testing.PairEnvironment;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Both services as processes of their own on free ports, wired to each other's gRPC, on a test's
 * NATS namespace, MongoDB database and PostgreSQL schema of their own (dropped on close). For the
 * tests that act on the stores or streams behind the services' backs.
 */
final class PairProcesses implements AutoCloseable {
  private final List<ServiceProcess> processes;
  private final String schema;
  private final int coursesHttp;
  private final int studentsHttp;

  private PairProcesses(
      List<ServiceProcess> processes, String schema, int coursesHttp, int studentsHttp) {
    this.processes = processes;
    this.schema = schema;
    this.coursesHttp = coursesHttp;
    this.studentsHttp = studentsHttp;
  }

  /**
   * Starts both and returns once both are ready.
   *
   * @param label prefix of the schema's name and the courses' database name
   * @param coursesEnv more of the courses service's environment (e.g. {@code RECONCILE_INTERVAL})
   */
  static PairProcesses start(
      TestNats nats, InProcessMongo mongo, String label, Map<String, String> coursesEnv)
      throws Exception {
    String schema = label + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    PairEnvironment.Ports ports = PairEnvironment.Ports.free();
    PairEnvironment env =
        PairEnvironment.of(
            Map.of("NATS_URL", TestNats.URL, "LOG_LEVEL", "WARN"),
            nats.namespace(),
            mongo.connectionString(),
            label,
            schema,
            ports);
    PairProcesses pair =
        new PairProcesses(
            List.of(
                Service.COURSES.process().env(env.courses()).env(coursesEnv).build(),
                Service.STUDENTS.process().env(env.students()).build()),
            schema,
            ports.coursesHttp(),
            ports.studentsHttp());
    try {
      for (ServiceProcess process : pair.processes) {
        process.start();
      }
    } catch (Exception | Error e) {
      pair.close();
      throw e;
    }
    return pair;
  }

  URI courses() {
    return URI.create("http://127.0.0.1:" + coursesHttp + "/api/courses");
  }

  URI students() {
    return URI.create("http://127.0.0.1:" + studentsHttp + "/api/students");
  }

  URI coursesMetrics() {
    return URI.create("http://127.0.0.1:" + coursesHttp + "/metrics");
  }

  /** The students service's PostgreSQL schema. */
  String schema() {
    return schema;
  }

  @Override
  public void close() throws SQLException, InterruptedException {
    for (ServiceProcess process : processes) {
      process.close();
    }
    try (Connection sql = DriverManager.getConnection(PairEnvironment.PG_URL, "postgres", "")) {
      sql.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
