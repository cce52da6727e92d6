package dev.nis.students.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.config.Env;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.ServiceProcess;
import dev.nis.common.testing.SseClient;
import dev.nis.common.testing.SseClient.Event;
import dev.nis.common.testing.TestNats;
import dev.nis.courses.CoursesApplication;
import dev.nis.courses.CoursesConfig;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.students.StudentsApplication;
import dev.nis.students.StudentsConfig;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Both services in this JVM over one namespace: a change made through the students service reaches
 * a client of the courses service's event stream through the shared enrollment log. The latency
 * (POST sent → event read, without {@code Prefer: wait}) is printed.
 */
class CrossServiceEventsIT {
  private static final String PG_URL =
      System.getenv().getOrDefault("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final int SAMPLES = 30;

  @Test
  void anEnrollmentMadeOnTheStudentsService_reachesTheCoursesStream_withinASecond()
      throws Exception {
    String schema = "events_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    int coursesGrpc = ServiceProcess.freePort();
    int studentsGrpc = ServiceProcess.freePort();
    try (TestNats nats = TestNats.provisioned();
        InProcessMongo mongo = InProcessMongo.start()) {
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
              mongo.connectionString(),
              "MONGO_DATABASE",
              "events",
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
              schema,
              "CACHE_KEY_PREFIX",
              nats.namespace() + ":students:",
              "COURSES_GRPC_TARGET",
              "127.0.0.1:" + coursesGrpc));
      try (CoursesApplication courses =
              CoursesApplication.start(CoursesConfig.from(new Env(coursesEnv)));
          StudentsApplication students =
              StudentsApplication.start(StudentsConfig.from(new Env(studentsEnv)))) {
        URI coursesUri = URI.create("http://127.0.0.1:" + courses.httpPort());
        ApiClient coursesApi = new ApiClient(coursesUri);
        ApiClient studentsApi =
            new ApiClient(URI.create("http://127.0.0.1:" + students.httpPort()));
        ApiClient.Reply course =
            coursesApi.post(
                "/api/courses",
                """
                {"name":"Streams","description":"Live events","discipline":"Testing","teacher":"Tester"}""",
                "Prefer",
                "wait=5");
        assertThat(course.status()).as(course.body()).isEqualTo(201);
        String courseId = course.data().get("id").asText();

        List<Long> latenciesMillis = new ArrayList<>();
        try (SseClient stream =
            SseClient.open(
                coursesUri.resolve(
                    "/api/courses/events?type=enrollment.added&entity_id=" + courseId))) {
          for (int i = 0; i < SAMPLES; i++) {
            long sent = System.nanoTime();
            ApiClient.Reply student =
                studentsApi.post(
                    "/api/students",
                    """
                    {"name":"Listener %s","first_name":"Test","last_name":"Student","course_ids":["%s"]}"""
                        .formatted((char) ('a' + i % 26) + "" + (char) ('a' + i / 26), courseId));
            assertThat(student.status()).as(student.body()).isEqualTo(202);
            Event added = stream.next(Duration.ofSeconds(5));
            latenciesMillis.add((System.nanoTime() - sent) / 1_000_000);
            assertThat(added.json().get("student_id").asText())
                .isEqualTo(student.data().get("id").asText());
            assertThat(added.json().get("course_id").asText()).isEqualTo(courseId);
          }
        }
        latenciesMillis.sort(Long::compare);
        long p50 = latenciesMillis.get(SAMPLES / 2);
        long p99 = latenciesMillis.get(SAMPLES * 99 / 100);
        System.out.printf(
            "event stream latency (students POST sent -> enrollment.added read on courses), %d"
                + " samples: p50 %d ms, p99 %d ms, max %d ms%n",
            SAMPLES, p50, p99, latenciesMillis.getLast());
        assertThat(p50).as("median latency (ms)").isLessThan(1_000);
      }
    } finally {
      try (Connection sql = DriverManager.getConnection(PG_URL, "postgres", "")) {
        sql.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
