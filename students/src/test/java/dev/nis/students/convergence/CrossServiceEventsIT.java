package dev.nis.students.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.SseClient;
import dev.nis.common.testing.SseClient.Event;
import dev.nis.common.testing.TestNats;
import dev.nis.courses.CoursesApplication;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.students.StudentsApplication;
import dev.nis.students.testing.InProcessPairConfig;
import dev.nis.students.testing.PairEnvironment;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Both services in this JVM over one namespace: a change made through the students service reaches
 * a client of the courses service's event stream through the shared enrollment log (the latency,
 * POST sent → event read without {@code Prefer: wait}, is printed); an operation that asked for
 * enrollments tells, on its resource and on the stream, which were kept and which the other service
 * compensated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossServiceEventsIT {
  private static final int SAMPLES = 30;
  private static final Duration SOON = Duration.ofSeconds(10);

  private final String schema =
      "events_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private TestNats nats;
  private InProcessMongo mongo;
  private InProcessPairConfig config;
  private CoursesApplication courses;
  private StudentsApplication students;
  private URI coursesUri;
  private URI studentsUri;
  private ApiClient coursesApi;
  private ApiClient studentsApi;

  @BeforeAll
  void startBothServices() throws Exception {
    nats = TestNats.provisioned();
    mongo = InProcessMongo.start();
    config = InProcessPairConfig.of(nats, mongo.connectionString(), "events", schema);
    courses = CoursesApplication.start(config.courses());
    coursesUri = URI.create("http://127.0.0.1:" + courses.httpPort());
    coursesApi = new ApiClient(coursesUri);
    startStudents();
  }

  private void startStudents() throws Exception {
    students = StudentsApplication.start(config.students());
    studentsUri = URI.create("http://127.0.0.1:" + students.httpPort());
    studentsApi = new ApiClient(studentsUri);
  }

  @AfterAll
  void stopBothServices() throws Exception {
    try {
      if (students != null) {
        students.close();
      }
      if (courses != null) {
        courses.close();
      }
      if (mongo != null) {
        mongo.close();
      }
      if (nats != null) {
        nats.close();
      }
    } finally {
      try (Connection sql = DriverManager.getConnection(PairEnvironment.PG_URL, "postgres", "")) {
        sql.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private String createdCourse(String name) {
    ApiClient.Reply course =
        coursesApi.post(
            "/api/courses",
            """
            {"name":"%s","description":"Live events","discipline":"Testing","teacher":"Tester"}"""
                .formatted(name),
            "Prefer",
            "wait=5");
    assertThat(course.status()).as(course.body()).isEqualTo(201);
    return course.data().get("id").asText();
  }

  private static String absentCourseId() {
    byte[] bytes = new byte[12];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The operation as {@code GET} reads it once it has an outcome and no enrollment it asked for is
   * pending.
   */
  private static JsonNode settled(ApiClient api, String path) throws InterruptedException {
    long deadline = System.nanoTime() + SOON.toNanos();
    while (true) {
      ApiClient.Reply reply = api.get(path);
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      JsonNode enrollments = reply.data().path("enrollments");
      // both sides' verdicts may be recorded before the command's outcome (Operation.withVerdict)
      boolean pending =
          !enrollments.isArray()
              || enrollments.isEmpty()
              || reply.data().path("status").asText().equals("pending");
      for (JsonNode e : enrollments) {
        pending |= e.get("status").asText().equals("pending");
      }
      if (!pending || System.nanoTime() > deadline) {
        return reply.data();
      }
      Thread.sleep(50);
    }
  }

  private static Map<String, JsonNode> byCourse(JsonNode enrollments) {
    Map<String, JsonNode> map = new HashMap<>();
    enrollments.forEach(e -> map.put(e.get("course_id").asText(), e));
    return map;
  }

  @Test
  void anEnrollmentMadeOnTheStudentsService_reachesTheCoursesStream_withinASecond() {
    String courseId = createdCourse("Streams");
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

  @Test
  void aStudentCreatedWithAMissingCourse_readsThatEnrollmentCompensated_andTheOtherKept()
      throws Exception {
    String kept = createdCourse("Kept one");
    String missing = absentCourseId();
    try (SseClient compensations =
        SseClient.open(
            studentsUri.resolve(
                "/api/students/events?type=enrollment.compensated&entity_id=" + missing))) {
      ApiClient.Reply accepted =
          studentsApi.post(
              "/api/students",
              """
              {"name":"Settler","first_name":"Test","last_name":"Student","course_ids":["%s","%s"]}"""
                  .formatted(kept, missing));
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      String operationId = accepted.data().get("operation_id").asText();
      String studentId = accepted.data().get("id").asText();

      JsonNode operation = settled(studentsApi, "/api/students/operations/" + operationId);
      assertThat(operation.get("status").asText()).isEqualTo("applied");
      Map<String, JsonNode> enrollments = byCourse(operation.get("enrollments"));
      assertThat(enrollments).containsOnlyKeys(kept, missing);
      assertThat(enrollments.get(kept).get("status").asText()).isEqualTo("kept");
      assertThat(enrollments.get(kept).has("reason")).isFalse();
      assertThat(enrollments.get(missing).get("status").asText()).isEqualTo("compensated");
      assertThat(enrollments.get(missing).get("reason").asText())
          .isEqualTo("course " + missing + " does not exist");
      assertThat(enrollments.get(missing).get("student_id").asText()).isEqualTo(studentId);

      Event compensated = compensations.next(SOON);
      assertThat(compensated.json().get("compensated_operation_id").asText())
          .isEqualTo(operationId);
      assertThat(compensated.json().get("reason").asText())
          .isEqualTo("course " + missing + " does not exist");

      // a client following its operation after the 202 sees how it settled
      try (SseClient followed =
          SseClient.open(studentsUri.resolve("/api/students/events?operation_id=" + operationId))) {
        Event settledEvent = followed.next("operation.settled", SOON);
        assertThat(settledEvent.json().get("operation_id").asText()).isEqualTo(operationId);
        assertThat(settledEvent.json().get("enrollments")).isEqualTo(operation.get("enrollments"));
      }
    }
  }

  @Test
  void aCourseUpdatedWithAMissingStudent_readsItCompensated_liveOnTheStream() throws Exception {
    String courseId = createdCourse("Updated one");
    String missing = UUID.randomUUID().toString();
    try (SseClient stream =
        SseClient.open(
            coursesUri.resolve(
                "/api/courses/events?type=operation.applied,operation.settled&entity_id="
                    + courseId))) {
      ApiClient.Reply accepted =
          coursesApi.put(
              "/api/courses/" + courseId,
              """
              {"name":"Updated one","description":"Live events","discipline":"Testing","teacher":"Tester","student_ids":["%s"]}"""
                  .formatted(missing));
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      String operationId = accepted.data().get("operation_id").asText();

      Event applied = stream.next("operation.applied", SOON);
      assertThat(applied.json().get("operation_id").asText()).isEqualTo(operationId);
      assertThat(applied.json().get("enrollments").get(0).get("student_id").asText())
          .isEqualTo(missing);
      Event settledEvent = stream.next("operation.settled", SOON);
      JsonNode enrollment = settledEvent.json().get("enrollments").get(0);
      assertThat(enrollment.get("status").asText()).isEqualTo("compensated");
      assertThat(enrollment.get("reason").asText())
          .isEqualTo("student " + missing + " does not exist");
      assertThat(settledEvent.id()).isNotEmpty();

      JsonNode operation = settled(coursesApi, "/api/courses/operations/" + operationId);
      assertThat(operation.get("enrollments")).isEqualTo(settledEvent.json().get("enrollments"));
    }
  }

  /**
   * I3 for an unenrollment: with {@code Prefer: wait} its 204 comes once both services removed the
   * pair, so no read of either side shows it after, and its operation reads the change removed. An
   * unenrollment the other service cannot apply yet (here: stopped) is still a 202 when the wait
   * ends, where a 204 once the REMOVE was in the log (before) let the stopped side's reads show the
   * pair after it; once that side is back, the operation reads removed and neither side shows it.
   */
  @Test
  void anUnenrollmentAnsweredAfterItsWait_isGoneFromBothSides_andReadsRemoved() throws Exception {
    String courseId = createdCourse("Leaving one");
    ApiClient.Reply student =
        studentsApi.post(
            "/api/students",
            """
            {"name":"Leaver","first_name":"Test","last_name":"Student"}""",
            "Prefer",
            "wait=5");
    assertThat(student.status()).as(student.body()).isEqualTo(201);
    String studentId = student.data().get("id").asText();
    String fromCourses = "/api/courses/" + courseId + "/students/" + studentId;
    String fromStudents = "/api/students/" + studentId + "/courses/" + courseId;

    for (int round = 0; round < 4; round++) {
      ApiClient api = round % 2 == 0 ? coursesApi : studentsApi;
      String path = round % 2 == 0 ? fromCourses : fromStudents;
      ApiClient.Reply enrolled = api.put(path, "", "Prefer", "wait=10");
      assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(204);
      ApiClient.Reply unenrolled = api.delete(path, "Prefer", "wait=10");
      assertThat(unenrolled.status()).as("round %d: %s", round, unenrolled.body()).isEqualTo(204);
      assertNeitherSideShows(courseId, studentId);
      JsonNode removal = operationLinkedFrom(api, unenrolled).get("enrollments").get(0);
      assertThat(removal.get("change").asText()).isEqualTo("remove");
      assertThat(removal.get("status").asText()).isEqualTo("removed");
    }

    ApiClient.Reply enrolled = coursesApi.put(fromCourses, "", "Prefer", "wait=10");
    assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(204);
    students.close();
    ApiClient.Reply unenrolled = coursesApi.delete(fromCourses, "Prefer", "wait=2");
    assertThat(unenrolled.status()).as(unenrolled.body()).isEqualTo(202);
    String operationPath = unenrolled.header("Location");
    JsonNode waiting = coursesApi.get(operationPath).data();
    assertThat(waiting.get("action").asText()).isEqualTo("unenroll");
    assertThat(waiting.path("enrollments").path(0).path("status").asText())
        .as("not removed while the students service is stopped")
        .isNotEqualTo("removed");

    startStudents();
    JsonNode operation = settled(coursesApi, operationPath);
    assertThat(operation.get("enrollments")).hasSize(1);
    JsonNode removal = operation.get("enrollments").get(0);
    assertThat(removal.get("course_id").asText()).isEqualTo(courseId);
    assertThat(removal.get("student_id").asText()).isEqualTo(studentId);
    assertThat(removal.get("change").asText()).isEqualTo("remove");
    assertThat(removal.get("status").asText()).isEqualTo("removed");
    assertNeitherSideShows(courseId, studentId);
  }

  private void assertNeitherSideShows(String courseId, String studentId) {
    assertThat(coursesApi.get("/api/courses/" + courseId).data().get("student_ids"))
        .as("the course's students")
        .noneMatch(id -> id.asText().equals(studentId));
    assertThat(studentsApi.get("/api/students/" + studentId).data().get("course_ids"))
        .as("the student's courses")
        .noneMatch(id -> id.asText().equals(courseId));
  }

  private static JsonNode operationLinkedFrom(ApiClient api, ApiClient.Reply answer) {
    String link = answer.header("Link");
    return api.get(link.substring(link.indexOf('<') + 1, link.indexOf('>'))).data();
  }
}
