package dev.nis.students.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.common.domain.Operation;
import dev.nis.common.jetstream.JetStreamCommandQueue;
import dev.nis.common.jetstream.JetStreamOperationLog;
import dev.nis.common.testing.AlertRules;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.DashboardQueries;
import dev.nis.common.testing.Ports;
import dev.nis.common.testing.Promtool;
import dev.nis.common.testing.RunningService;
import dev.nis.proto.v1.Course;
import dev.nis.proto.v1.GetStudentRequest;
import dev.nis.proto.v1.ListStudentsByCourseRequest;
import dev.nis.proto.v1.StudentQueriesGrpc;
import dev.nis.students.adapter.proto.StudentCommandCodec;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import dev.nis.students.testing.TestPostgres;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole students service in this JVM, on the machine's PostgreSQL, Redis and NATS, with a fake
 * courses service: every route, every error status, and what bad input leaves behind (nothing in
 * the stream, nothing in the database).
 */
class StudentsApiIT {
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final String ALGEBRA = "0123456789abcdef01234567";
  private static final String WAIT = "wait=10";
  private static final AtomicInteger NAMES = new AtomicInteger();

  private static FakeCoursesService courses;
  private static RunningService env;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    courses = FakeCoursesService.start();
    env =
        new RunningStudents(postgres)
            .prepare(Map.of("COURSES_GRPC_TARGET", courses.target()))
            .startInProcess();
    api = env.api();
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
    courses.close();
  }

  @BeforeEach
  void coursesServiceAnswers() {
    courses.mode = FakeCoursesService.Mode.ANSWER;
  }

  /** A name no other test uses, so that full names never collide by accident. */
  private static String uniqueName() {
    return "student " + NAMES.incrementAndGet();
  }

  private static String created(String body) {
    ApiClient.Reply reply = api.post("/api/students", body, "Prefer", WAIT);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.data().get("id").asText();
  }

  private static long queuedCommands() throws Exception {
    return env.queuedCommands();
  }

  private static long storedRows() {
    return postgres.sql().fetchCount(postgres.sql().selectFrom("students"));
  }

  private static void assertProblem(ApiClient.Reply reply, int status) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.json().get("status").asInt()).isEqualTo(status);
  }

  private static String awaitFinalState(String operation) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      String state = api.get("/api/students/operations/" + operation).data().get("status").asText();
      if (!Operation.State.PENDING.wireName().equals(state)) {
        return state;
      }
      Thread.sleep(50);
    }
    return Operation.State.PENDING.wireName();
  }

  /** Whether the student's course_ids become these within 10 s (they follow the enrollment log). */
  private static boolean awaitCourses(String id, List<String> expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> held = new java.util.ArrayList<>();
      api.get("/api/students/" + id).data().get("course_ids").forEach(c -> held.add(c.asText()));
      if (held.equals(expected)) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  @Nested
  class Lifecycle {
    /**
     * A student stored before the text rule with a text it refuses is the server's data at fault:
     * its reads are a 500 naming it and the field, not a 400 blaming the client (README.md, "Text
     * input"), and a PUT corrects it, a delete removes it: the checks before a command is queued
     * read its courses only (found by fresh helpers on courses).
     */
    @Test
    void aStudentStoredWithATextTheRuleRefuses_isCorrectedByAPut_andRemovedByADelete()
        throws Exception {
      UUID corrected = UUID.randomUUID();
      UUID removed = UUID.randomUUID();
      for (UUID id : List.of(corrected, removed)) {
        postgres
            .sql()
            .execute(
                "INSERT INTO students (id, name, first_name, last_name, applied_seq)"
                    + " VALUES (?, ?, 'Stored', 'Before', 0)",
                id,
                "A name stored before the rule " + id);
      }
      ApiClient.Reply before = api.get("/api/students/" + corrected);
      assertProblem(before, 500);
      assertThat(before.json().get("detail").asText())
          .contains("student " + corrected, "name: ", "correct it with PUT");
      assertThat(before.json().has("field")).as("no request field is at fault").isFalse();

      String name = uniqueName();
      ApiClient.Reply put =
          api.put("/api/students/" + corrected, StudentJson.student(name), "Prefer", WAIT);
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      assertThat(api.get("/api/students/" + corrected).data().get("name").asText()).isEqualTo(name);

      ApiClient.Reply delete = api.delete("/api/students/" + removed, "Prefer", WAIT);
      assertThat(delete.status()).as(delete.body()).isEqualTo(204);
      assertProblem(api.get("/api/students/" + removed), 404);
    }

    @Test
    void createReadUpdateDelete_throughTheQueue() throws Exception {
      String name = uniqueName();
      ApiClient.Reply queued = api.post("/api/students", StudentJson.student(name, ALGEBRA));
      assertThat(queued.status()).isEqualTo(202);
      String id = queued.data().get("id").asText();
      String operation = queued.data().get("operation_id").asText();
      assertThat(queued.header("Location")).isEqualTo("/api/students/operations/" + operation);
      assertThat(awaitFinalState(operation)).isEqualTo("applied");

      JsonNode student = api.get("/api/students/" + id).data();
      assertThat(student.get("name").asText()).isEqualTo(name);
      assertThat(student.get("first_name").asText()).isEqualTo("Test");
      assertThat(student.get("last_name").asText()).isEqualTo("Student");
      assertThat(awaitCourses(id, List.of(ALGEBRA))).as("enrolled through the log").isTrue();
      assertThat(api.get("/api/students?limit=1000").data().findValuesAsText("id")).contains(id);

      ApiClient.Reply updated =
          api.put("/api/students/" + id, StudentJson.student(name + "b"), "Prefer", WAIT);
      assertThat(updated.status()).isEqualTo(200);
      assertThat(updated.data().get("name").asText()).isEqualTo(name + "b");
      assertThat(awaitCourses(id, List.of())).as("unenrolled through the log").isTrue();

      ApiClient.Reply deleted = api.delete("/api/students/" + id, "Prefer", WAIT);
      assertThat(deleted.status()).isEqualTo(204);
      assertProblem(api.get("/api/students/" + id), 404);
    }

    @Test
    void createAndWait_answers201WithTheStudentAndItsLocation() {
      String name = uniqueName();

      ApiClient.Reply reply = api.post("/api/students", StudentJson.student(name), "Prefer", WAIT);

      assertThat(reply.status()).isEqualTo(201);
      String id = reply.data().get("id").asText();
      assertThat(reply.header("Location")).isEqualTo("/api/students/" + id);
      assertThat(reply.header("Preference-Applied")).isEqualTo(WAIT);
      assertThat(reply.data().get("name").asText()).isEqualTo(name);
    }

    @Test
    void theList_pagesWithACursor() {
      for (int i = 0; i < 3; i++) {
        created(StudentJson.student(uniqueName()));
      }

      JsonNode first = api.get("/api/students?limit=2").json();
      assertThat(first.get("data")).hasSize(2);
      JsonNode second =
          api.get("/api/students?limit=2&cursor=" + first.get("next_cursor").asText()).json();

      assertThat(second.get("data")).isNotEmpty();
      assertThat(second.get("data").get(0).get("id").asText())
          .isGreaterThan(first.get("data").get(1).get("id").asText());
    }

    @Test
    void theCoursesOfAStudent_comeFromTheCoursesService() {
      String id = created(StudentJson.student(uniqueName(), ALGEBRA));
      courses.coursesByStudent.put(
          id,
          List.of(
              Course.newBuilder()
                  .setId(ALGEBRA)
                  .setName("Algebra")
                  .setDescription("Groups, rings and fields")
                  .setDiscipline("Mathematics")
                  .setTeacher("Noether")
                  .addStudentIds(id)
                  .build()));

      ApiClient.Reply reply = api.get("/api/students/" + id + "/courses");

      assertThat(reply.status()).isEqualTo(200);
      JsonNode course = reply.data().get(0);
      assertThat(course.get("id").asText()).isEqualTo(ALGEBRA);
      assertThat(course.get("teacher").asText()).isEqualTo("Noether");
      assertThat(course.get("student_ids").get(0).asText()).isEqualTo(id);
    }

    @Test
    void theGrpcReads_seeTheAppliedStudent() throws Exception {
      String course = "aaaaaaaaaaaaaaaaaaaaaaaa";
      String id = created(StudentJson.student(uniqueName(), course));
      assertThat(awaitCourses(id, List.of(course))).isTrue();
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", env.grpcPort()).usePlaintext().build();
      try {
        var stub =
            StudentQueriesGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);

        assertThat(stub.getStudent(GetStudentRequest.newBuilder().setId(id).build()).getId())
            .isEqualTo(id);
        assertThat(
                stub.listStudentsByCourse(
                        ListStudentsByCourseRequest.newBuilder().setCourseId(course).build())
                    .getStudentsList())
            .extracting(dev.nis.proto.v1.Student::getId)
            .containsExactly(id);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Nested
  class DuplicateFullName {
    @Test
    void aFullNameAlreadyVisible_isA409AtOnce_andNothingIsQueued() throws Exception {
      String name = uniqueName();
      created(StudentJson.student(name));
      long queuedBefore = queuedCommands();

      ApiClient.Reply reply = api.post("/api/students", StudentJson.student(name, ALGEBRA));

      assertProblem(reply, 409);
      assertThat(reply.json().get("detail").asText())
          .isEqualTo("a student named (" + name + ", Test, Student) already exists");
      assertThat(queuedCommands()).isEqualTo(queuedBefore);
    }

    /** Issue 11: an unpaired surrogate was stored as "ab?cd" and took that name from its owner. */
    @Test
    void aRefusedSurrogate_takesNoName_fromAStudentNamedWithQuestionMarks() {
      String name = uniqueName();
      assertProblem(api.post("/api/students", StudentJson.student(name + " ab\\uD800cd")), 400);

      String id = created(StudentJson.student(name + " ab?cd"));

      assertThat(api.get("/api/students/" + id).data().get("name").asText())
          .isEqualTo(name + " ab?cd");
    }

    @Test
    void aFullNameSpelledAnotherWay_isTheSameFullName_a409AtOnce() throws Exception {
      String name = "Zo\u00EB " + NAMES.incrementAndGet();
      String id = created(StudentJson.student(name));
      long queuedBefore = queuedCommands();

      ApiClient.Reply again =
          api.post(
              "/api/students",
              StudentJson.student("  " + name.replace("\u00EB", "e\\u0308") + "\\t"));

      assertProblem(again, 409);
      assertThat(queuedCommands()).isEqualTo(queuedBefore);
      assertThat(api.get("/api/students/" + id).data().get("name").asText()).isEqualTo(name);
    }

    @Test
    void renamingToAnotherStudentsFullName_isA409AtOnce() {
      String taken = uniqueName();
      created(StudentJson.student(taken));
      String id = created(StudentJson.student(uniqueName()));

      assertProblem(api.put("/api/students/" + id, StudentJson.student(taken)), 409);
    }

    @Test
    void theSameFullNameWithAnotherFirstName_isAnotherStudent() {
      String name = uniqueName();
      created(StudentJson.student(name));

      assertThat(
              api.post(
                      "/api/students",
                      StudentJson.student(new String[] {name, "Other", "Student"}),
                      "Prefer",
                      WAIT)
                  .status())
          .isEqualTo(201);
    }

    @Test
    void aFullNameTakenBetweenAcceptAndApply_rejectsTheOperationWith409() throws Exception {
      String name = uniqueName();
      created(StudentJson.student(name));
      StudentCommand.Create late =
          StudentCommand.create(new StudentFields(name, "Test", "Student", List.of()));
      var operations = new JetStreamOperationLog(env.nats().connection(), env.nats().contract());
      operations.markPending(
          Operation.pending(late.operationId(), late.studentId().toString(), late.action()));
      new JetStreamCommandQueue<StudentCommand>(
              env.nats().connection(),
              env.nats().contract().commandsStreamPrefix("students"),
              command ->
                  env.nats().contract().commandsStreamOf("students", command.entityId().toString()),
              command ->
                  env.nats()
                      .contract()
                      .commandsSubjectOf("students", command.entityId().toString()),
              StudentCommandCodec::encode,
              Duration.ofSeconds(2))
          .enqueue(late);

      assertThat(awaitFinalState(late.operationId().toString())).isEqualTo("rejected");
      JsonNode operation = api.get("/api/students/operations/" + late.operationId()).data();
      assertThat(operation.at("/problem/status").asInt()).isEqualTo(409);
      assertProblem(api.get("/api/students/" + late.studentId()), 404);
    }

    /**
     * When the first is not applied yet, the second is accepted too; the two commands are of two
     * students, so two partitions apply them in either order: exactly one is created, the other's
     * operation ends rejected with 409 (the unique index decides).
     */
    @Test
    void twoCreatesOfOneFullName_exactlyOneIsCreated_theOtherA409() throws Exception {
      String name = uniqueName();
      ApiClient.Reply first = api.post("/api/students", StudentJson.student(name));
      ApiClient.Reply second = api.post("/api/students", StudentJson.student(name), "Prefer", WAIT);

      assertThat(first.status()).isEqualTo(202);
      String firstOutcome = awaitFinalState(first.data().get("operation_id").asText());
      if (second.status() == 201) {
        assertThat(firstOutcome).isEqualTo("rejected");
        JsonNode operation =
            api.get("/api/students/operations/" + first.data().get("operation_id").asText()).data();
        assertThat(operation.at("/problem/status").asInt()).isEqualTo(409);
      } else {
        assertProblem(second, 409);
        assertThat(firstOutcome).isEqualTo("applied");
      }
    }
  }

  @Nested
  class Errors {
    @Test
    void unknownStudents_are404_everywhere() {
      String unknown = "6f1c0a52-4c1e-4a53-9a55-0c2b1d0e8f11";

      assertProblem(api.get("/api/students/" + unknown), 404);
      assertProblem(api.get("/api/students/" + unknown + "/courses"), 404);
      assertProblem(api.put("/api/students/" + unknown, StudentJson.student(uniqueName())), 404);
      assertProblem(api.delete("/api/students/" + unknown), 404);
      assertProblem(api.get("/api/students/operations/" + unknown), 404);
    }

    @Test
    void malformedIds_are400NamingTheField() {
      ApiClient.Reply reply = api.get("/api/students/42");
      assertProblem(reply, 400);
      assertThat(reply.json().get("field").asText()).isEqualTo("id");
      assertProblem(api.get("/api/students/42/courses"), 400);
      assertProblem(api.delete("/api/students/42"), 400);
      assertProblem(api.get("/api/students/operations/42"), 400);
      assertProblem(api.get("/api/students?cursor=nope"), 400);
      assertProblem(api.get("/api/students?limit=0"), 400);
    }

    @Test
    void aWrongMethod_is405_andAnUnknownPath_404() {
      ApiClient.Reply reply = api.delete("/api/students");
      assertProblem(reply, 405);
      assertThat(reply.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
      assertProblem(api.get("/api/students/operations"), 404);
      assertProblem(api.get("/api/nothing"), 404);
    }

    @Test
    void theCoursesOfAStudent_whileTheCoursesServiceIsUnavailable_are503WithRetryAfter() {
      String id = created(StudentJson.student(uniqueName()));
      courses.mode = FakeCoursesService.Mode.UNAVAILABLE;

      ApiClient.Reply reply = api.get("/api/students/" + id + "/courses");

      assertProblem(reply, 503);
      assertThat(reply.header("Retry-After")).isNotBlank();
    }

    @Test
    void theCoursesOfAStudent_whileTheCoursesServiceHangs_are503WithinTheDeadline() {
      String id = created(StudentJson.student(uniqueName()));
      courses.mode = FakeCoursesService.Mode.SILENT;

      long start = System.nanoTime();
      ApiClient.Reply reply = api.get("/api/students/" + id + "/courses");

      assertProblem(reply, 503);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(1500), Duration.ofMillis(3500));
    }
  }

  @Nested
  class BadInput {
    @Test
    void everyBadRequest_isRefused_andLeavesNoTrace() throws Exception {
      String id = created(StudentJson.student(uniqueName()));
      long queuedBefore = queuedCommands();
      long rowsBefore = storedRows();
      String tooLong = "x".repeat(21);
      List<String> sixteenCourses =
          java.util.stream.IntStream.range(0, 16).mapToObj(i -> String.format("%024x", i)).toList();

      assertBadField(api.post("/api/students", "{\"name\": \"ad"), null);
      assertBadField(api.post("/api/students", "[]"), null);
      assertBadField(api.post("/api/students", StudentJson.student("ab")), "name");
      assertBadField(api.post("/api/students", StudentJson.student(tooLong)), "name");
      assertBadField(
          api.post("/api/students", StudentJson.student(new String[] {"abc", "", "Student"})),
          "first_name");
      assertBadField(
          api.post("/api/students", StudentJson.student(new String[] {"abc", "Test", tooLong})),
          "last_name");
      assertBadField(
          api.post(
              "/api/students",
              "{\"name\":\"abc\",\"first_name\":\"Test\",\"last_name\":\"Student\","
                  + "\"course_ids\":[\""
                  + String.join("\",\"", sixteenCourses)
                  + "\"]}"),
          "course_ids");
      assertBadField(
          api.post("/api/students", StudentJson.student("abc", "not-a-course")), "course_ids");
      assertBadField(
          api.post(
              "/api/students",
              "{\"name\":\"abc\",\"first_name\":\"Test\",\"last_name\":\"Student\",\"age\":3}"),
          "age");
      assertBadField(
          api.post("/api/students", "{\"name\":\"abc\",\"first_name\":7,\"last_name\":\"x\"}"),
          "first_name");
      assertBadField(
          api.post("/api/students", "{\"first_name\":\"Test\",\"last_name\":\"Student\"}"), "name");
      assertBadField(api.put("/api/students/" + id, StudentJson.student("ab")), "name");
      assertBadField(api.put("/api/students/42", StudentJson.student(uniqueName())), "id");
      assertProblem(
          api.post(
              "/api/students", "{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"first_name\":\"a\"}"),
          413);
      assertProblem(
          api.send(
              HttpRequest.newBuilder(env.baseUri().resolve("/api/students"))
                  .header("Content-Type", "text/plain")
                  .POST(HttpRequest.BodyPublishers.ofString(StudentJson.student(uniqueName())))),
          415);

      assertThat(queuedCommands()).as("nothing was queued").isEqualTo(queuedBefore);
      assertThat(storedRows()).as("nothing was stored").isEqualTo(rowsBefore);
    }

    /** Issue 11's inputs: the NUL was a 500 (PostgreSQL refused it in the name-taken check). */
    @Test
    void textThatIsNoName_isA400NamingTheField_notA500_andLeavesNoTrace() throws Exception {
      String id = created(StudentJson.student(uniqueName()));
      long queuedBefore = queuedCommands();
      long rowsBefore = storedRows();

      ApiClient.Reply nul =
          api.post(
              "/api/students",
              "{\"name\":\"ada\\u0000x\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}");
      assertBadField(nul, "name");
      assertThat(nul.json().get("detail").asText())
          .isEqualTo("name: must not contain control characters (U+0000)");
      assertBadField(api.post("/api/students", StudentJson.student("ab\\uD800cd")), "name");
      assertBadField(api.post("/api/students", StudentJson.student("   ")), "name");
      assertBadField(api.post("/api/students", StudentJson.student("\\t\\n\\r")), "name");
      assertBadField(
          api.post(
              "/api/students", StudentJson.student(new String[] {"abc", "Ada\\u200B", "Byron"})),
          "first_name");
      assertBadField(api.put("/api/students/" + id, StudentJson.student("ada\\u0000x")), "name");
      String[] around = StudentJson.student("placeholder").split("placeholder");
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      raw.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
      raw.writeBytes(new byte[] {'a', 'b', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'c', 'd'});
      raw.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
      assertBadField(
          api.send(
              HttpRequest.newBuilder(env.baseUri().resolve("/api/students"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(raw.toByteArray()))),
          "name");

      assertThat(queuedCommands()).as("nothing was queued").isEqualTo(queuedBefore);
      assertThat(storedRows()).as("nothing was stored").isEqualTo(rowsBefore);
    }

    private void assertBadField(ApiClient.Reply reply, String field) {
      assertProblem(reply, 400);
      if (field != null) {
        assertThat(reply.json().get("field").asText()).as(reply.body()).isEqualTo(field);
      }
    }
  }

  @Nested
  class Probes {
    @Test
    void health_ready_andMetrics() {
      assertThat(api.get("/api/students/health").body()).isEqualTo("{\"status\":\"UP\"}");
      assertThat(api.get("/api/students/ready").status()).isEqualTo(200);
      created(StudentJson.student(uniqueName()));
      api.get("/api/students?limit=5");
      assertThat(api.get("/api/students?limit=0").status()).isEqualTo(400);

      String metrics = api.get("/metrics").body();

      assertThat(metrics)
          .contains("nis_service_calls_seconds_count{")
          .containsPattern("nis_service_calls_seconds_count\\{[^}]*service=\"students\"")
          .containsPattern("transport=\"queue\"")
          .containsPattern("nis_cache_lookups_total\\{[^}]*service=\"students\"")
          .contains("nis_queue_messages_total")
          .containsPattern(
              "nis_store_batch_size_count\\{[^}]*operation=\"insert\"[^}]*store=\"postgresql\"")
          .contains("jvm_memory_used_bytes")
          .containsPattern(
              "nis_http_problems_total\\{method=\"GET\",route=\"/api/students\",service=\"students\",status=\"400\"} [1-9]");
    }

    @Test
    void theDashboardsQueries_nameMetricsAndLabelsThatStudentsExports() throws Exception {
      created(StudentJson.student(uniqueName()));
      api.get("/api/students?limit=5");
      api.get("/api/students?limit=5");
      api.get("/api/students?limit=0");

      String exposition = api.get("/metrics").body();

      // jvm_gc_pause_* appears with the first collection, which a test cannot force in the service
      Set<String> notHere = new HashSet<>(DashboardQueries.GC_PAUSES);
      notHere.addAll(DashboardQueries.COURSES_ONLY);
      assertThat(DashboardQueries.missingFrom(exposition, notHere)).isEmpty();
      assertThat(exposition).contains("jvm_gc_");
    }

    @Test
    void theAlertRules_nameMetricsAndLabelsThatStudentsExports() throws Exception {
      created(StudentJson.student(uniqueName()));
      api.get("/api/students?limit=5");

      String exposition = api.get("/metrics").body();

      assertThat(AlertRules.missingFrom(exposition, DashboardQueries.COURSES_ONLY)).isEmpty();
    }

    @Test
    void itsMetrics_passPromtoolsCheck_everyProjectMetricWithHelp() throws Exception {
      Promtool promtool = Promtool.require();
      created(StudentJson.student(uniqueName()));
      api.get("/api/students?limit=5");
      api.get("/api/students?limit=5");
      api.get("/api/students?limit=0");

      String exposition = api.get("/metrics").body();

      assertThat(promtool.nisMetricProblems(exposition)).isEmpty();
      assertThat(exposition).contains(Promtool.PROJECT_METRIC_HELP);
    }
  }

  @Test
  void aCoursesServiceThatIsNotThere_is503WellWithinTwoAndAHalfSeconds() throws Exception {
    int closed = Ports.closed();
    try (RunningService noPeer =
        new RunningStudents(postgres)
            .prepare(Map.of("COURSES_GRPC_TARGET", "127.0.0.1:" + closed))
            .startInProcess()) {
      ApiClient.Reply created =
          noPeer.api().post("/api/students", StudentJson.student(uniqueName()), "Prefer", WAIT);
      String id = created.data().get("id").asText();

      long start = System.nanoTime();
      ApiClient.Reply reply = noPeer.api().get("/api/students/" + id + "/courses");

      assertProblem(reply, 503);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }
  }
}
