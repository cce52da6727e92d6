package dev.nis.courses.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ConnectionString;
import dev.nis.common.testing.AlertRules;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.DashboardQueries;
import dev.nis.common.testing.Promtool;
import dev.nis.common.testing.RunningService;
import dev.nis.courses.testing.TestMongo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pinned HTTP contract of the courses service, end to end: the whole service in this JVM
 * against the real NATS JetStream, Redis and MongoDB (see {@link RunningCourses}). Every refusal is
 * checked to leave no trace: no command in the stream, no operation record, no document.
 *
 * <p>MongoDB is reached through a {@link MongoWriteGate}, a proxy that can hold back writes while
 * reads pass. Holding writes stalls the command consumer in the middle of applying while the HTTP
 * side keeps accepting, which makes "pending" and "queued behind a command not yet applied"
 * deterministic instead of a race.
 */
class CoursesHttpEndToEndIT {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final String COURSES = "/api/courses";
  private static final String OPERATIONS = COURSES + "/operations/";
  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{24}");

  /** A synchronous answer's link to its operation (RFC 8288, relation "monitor"). */
  private static final Pattern MONITOR_LINK =
      Pattern.compile("<(" + OPERATIONS + "[0-9a-f-]+)>; rel=\"monitor\"");

  private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(15);

  private static MongoWriteGate gate;
  private static RunningService env;
  private static ApiClient api;

  @BeforeAll
  static void startTheService() throws Exception {
    gate = MongoWriteGate.inFrontOf(mongo.uri());
    Map<String, String> overrides = gate == null ? Map.of() : Map.of("MONGO_URI", gate.uri());
    env = new RunningCourses(mongo).prepare(overrides).startInProcess();
    api = env.api();
  }

  @AfterAll
  static void stopTheService() throws Exception {
    try {
      if (gate != null) {
        gate.release();
      }
      if (env != null) {
        env.close();
      }
    } finally {
      if (gate != null) {
        gate.close();
      }
    }
  }

  // ---- queued mutations, as accepted and as applied ----

  /**
   * A course stored before the text rule with a text it refuses reads as a 400 naming the field
   * until it is corrected (README.md, "Text input"), and a PUT corrects it, a delete removes it:
   * the checks before a command is queued read its students only (found by a fresh helper: both
   * were the same 400, so nothing could correct it).
   */
  @Test
  void aCourseStoredWithATextTheRuleRefuses_isCorrectedByAPut_andRemovedByADelete() {
    org.bson.types.ObjectId corrected = new org.bson.types.ObjectId();
    org.bson.types.ObjectId removed = new org.bson.types.ObjectId();
    for (org.bson.types.ObjectId id : List.of(corrected, removed)) {
      mongo
          .database()
          .getCollection("courses")
          .insertOne(
              new org.bson.Document("_id", id)
                  .append("applied_seq", 0L)
                  .append("deleted", false)
                  .append("name", "A name stored before the rule")
                  .append("description", "stored before")
                  .append("discipline", "Legacy")
                  .append("teacher", "Old")
                  .append("student_ids", List.of()));
    }
    String correctedPath = COURSES + "/" + corrected.toHexString();
    ApiClient.Reply before = api.get(correctedPath);
    assertThat(before.status()).as("the data's fault, not the client's").isEqualTo(500);
    assertThat(before.json().get("detail").asText())
        .contains("course " + corrected.toHexString(), "name: ", "correct it with PUT");
    assertThat(before.json().has("field")).as("no request field is at fault").isFalse();
    ApiClient.Reply page = api.get(COURSES + "?limit=1000");
    assertThat(page.status()).as(page.body()).isEqualTo(500);

    ApiClient.Reply put =
        api.put(correctedPath, CourseJson.course("Corrected name"), "Prefer", "wait=10");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    ApiClient.Reply after = api.get(correctedPath);
    assertThat(after.status()).as(after.body()).isEqualTo(200);
    assertThat(after.data().get("name").asText()).isEqualTo("Corrected name");

    String removedPath = COURSES + "/" + removed.toHexString();
    ApiClient.Reply delete = api.delete(removedPath, "Prefer", "wait=10");
    assertThat(delete.status()).as(delete.body()).isEqualTo(204);
    assertThat(api.get(removedPath).status()).isEqualTo(404);
  }

  @Test
  void post_isAccepted_withTheCourseIdItsOperationIdAndTheOperationsLocation() throws Exception {
    ApiClient.Reply reply = api.post(COURSES, CourseJson.course("Accepted Algebra"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    JsonNode accepted = reply.data();
    String id = accepted.get("id").asText();
    String operationId = accepted.get("operation_id").asText();
    assertThat(id).matches(OBJECT_ID);
    assertThat(UUID.fromString(operationId).toString()).isEqualTo(operationId);
    assertThat(accepted.get("status").asText()).isEqualTo("pending");
    assertThat(reply.header("Location")).isEqualTo(OPERATIONS + operationId);

    JsonNode operation = awaitFinal(operationId);
    assertThat(operation.get("status").asText()).isEqualTo("applied");
    assertThat(operation.get("id").asText()).isEqualTo(operationId);
    assertThat(operation.get("entity_id").asText()).isEqualTo(id);
    assertThat(operation.get("action").asText()).isEqualTo("create");
    assertThat(operation.has("problem")).isFalse();
    assertThat(operation.get("updated_at").asText()).isNotBlank();

    ApiClient.Reply course = api.get(COURSES + "/" + id);
    assertThat(course.status()).isEqualTo(200);
    assertThat(course.data().get("name").asText()).isEqualTo("Accepted Algebra");
  }

  @Test
  void acceptedCreate_readsPending_untilTheConsumerHasAppliedIt() throws Exception {
    assumeTrue(gate != null, "MongoDB cannot be proxied here");
    String id;
    String operationId;
    gate.hold();
    try {
      ApiClient.Reply reply = api.post(COURSES, CourseJson.course("Pending Physics"));
      assertThat(reply.status()).as(reply.body()).isEqualTo(202);
      id = reply.data().get("id").asText();
      operationId = reply.data().get("operation_id").asText();
      await("the consumer is applying the create", () -> gate.heldWrites() == 1);

      ApiClient.Reply pending = api.get(reply.header("Location"));
      assertThat(pending.status()).isEqualTo(200);
      assertThat(pending.data().get("status").asText()).isEqualTo("pending");
      assertThat(pending.data().get("entity_id").asText()).isEqualTo(id);
      assertThat(pending.data().get("action").asText()).isEqualTo("create");
      assertProblem(api.get(COURSES + "/" + id), 404);
    } finally {
      gate.release();
    }

    assertThat(awaitFinal(operationId).get("status").asText()).isEqualTo("applied");
    ApiClient.Reply course = api.get(COURSES + "/" + id);
    assertThat(course.status()).isEqualTo(200);
    assertThat(course.data().get("name").asText()).isEqualTo("Pending Physics");
  }

  @Test
  void preferWait_fallsBackTo202_whenTheOutcomeTakesLongerThanTheWait() throws Exception {
    assumeTrue(gate != null, "MongoDB cannot be proxied here");
    String operationId;
    gate.hold();
    try {
      long started = System.nanoTime();
      ApiClient.Reply reply =
          api.post(COURSES, CourseJson.course("Slow Statistics"), "Prefer", "wait=1");
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(reply.status()).as(reply.body()).isEqualTo(202);
      assertThat(took).isBetween(Duration.ofMillis(950), Duration.ofSeconds(3));
      assertThat(reply.header("Preference-Applied")).isEqualTo("wait=1");
      assertThat(reply.data().get("status").asText()).isEqualTo("pending");
      operationId = reply.data().get("operation_id").asText();
      assertThat(reply.header("Location")).isEqualTo(OPERATIONS + operationId);
    } finally {
      gate.release();
    }
    assertThat(awaitFinal(operationId).get("status").asText()).isEqualTo("applied");
  }

  @Test
  void postWithPreferWait_answers201WithTheCourseAndItsLocation() {
    ApiClient.Reply reply =
        api.post(COURSES, CourseJson.course("Waited Geometry"), "Prefer", "wait=5");

    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.header("Preference-Applied")).isEqualTo("wait=5");
    JsonNode course = reply.data();
    String id = course.get("id").asText();
    assertThat(id).matches(OBJECT_ID);
    assertThat(reply.header("Location")).isEqualTo(COURSES + "/" + id);
    assertThat(course.get("name").asText()).isEqualTo("Waited Geometry");
    assertThat(course.get("description").asText()).isEqualTo("A course for tests");
    assertThat(course.get("discipline").asText()).isEqualTo("Testing");
    assertThat(course.get("teacher").asText()).isEqualTo("Tester");
    assertThat(texts(course.get("student_ids"))).isEmpty();

    assertThat(api.get(COURSES + "/" + id).data()).isEqualTo(course);
    Matcher link = MONITOR_LINK.matcher(reply.header("Link"));
    assertThat(link.matches()).as(reply.header("Link")).isTrue();
    JsonNode operation = api.get(link.group(1)).data();
    assertThat(operation.get("status").asText()).isEqualTo("applied");
    assertThat(operation.get("entity_id").asText()).isEqualTo(id);
  }

  @Test
  void putWithPreferWait_answers200WithTheNewState_andNoReadShowsTheOldOne() {
    String id = createApplied("Old Name");
    assertThat(api.get(COURSES + "/" + id).data().get("name").asText()).isEqualTo("Old Name");

    ApiClient.Reply reply =
        api.put(COURSES + "/" + id, CourseJson.course("New Name"), "Prefer", "wait=5");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode course = reply.data();
    assertThat(course.get("id").asText()).isEqualTo(id);
    assertThat(course.get("name").asText()).isEqualTo("New Name");
    for (int read = 0; read < 3; read++) {
      assertThat(api.get(COURSES + "/" + id).data()).isEqualTo(course);
    }
  }

  @Test
  void deleteWithPreferWait_answers204_thenTheCourseIsGone() {
    String id = createApplied("Doomed Course");
    assertThat(api.get(COURSES + "/" + id).status()).isEqualTo(200);

    ApiClient.Reply reply = api.delete(COURSES + "/" + id, "Prefer", "wait=5");

    assertThat(reply.status()).as(reply.body()).isEqualTo(204);
    assertThat(reply.body()).isEmpty();
    assertProblem(api.get(COURSES + "/" + id), 404);
    assertThat(listAll(100)).doesNotContain(id);
  }

  @Test
  void queuedPutAndSecondDelete_areRejected404_whenAnEarlierDeleteAppliesFirst() throws Exception {
    assumeTrue(gate != null, "MongoDB cannot be proxied here");
    String id = createApplied("Contested Course");
    String path = COURSES + "/" + id;
    long queuedBefore = queuedCommands();
    String firstDelete;
    String secondDelete;
    CompletableFuture<ApiClient.Reply> waitedPut;
    gate.hold();
    try {
      ApiClient.Reply delete = api.delete(path);
      assertThat(delete.status()).as(delete.body()).isEqualTo(202);
      firstDelete = delete.data().get("operation_id").asText();
      await("the consumer is applying the delete", () -> gate.heldWrites() == 1);

      waitedPut =
          CompletableFuture.supplyAsync(
              () -> api.put(path, CourseJson.course("Too Late"), "Prefer", "wait=15"));
      await("the PUT is queued behind the delete", () -> queuedCommands() == queuedBefore + 2);

      ApiClient.Reply again = api.delete(path);
      assertThat(again.status()).as(again.body()).isEqualTo(202);
      secondDelete = again.data().get("operation_id").asText();
      assertThat(queuedCommands()).isEqualTo(queuedBefore + 3);
    } finally {
      gate.release();
    }

    ApiClient.Reply put = waitedPut.get(20, TimeUnit.SECONDS);
    JsonNode putProblem = assertProblem(put, 404);
    String putOperation = putProblem.get("operation_id").asText();
    assertThat(putProblem.get("detail").asText()).contains(id);

    assertThat(awaitFinal(firstDelete).get("status").asText()).isEqualTo("applied");
    for (String rejected : List.of(putOperation, secondDelete)) {
      JsonNode operation = awaitFinal(rejected);
      assertThat(operation.get("status").asText()).as(rejected).isEqualTo("rejected");
      assertThat(operation.get("problem").get("status").asInt()).isEqualTo(404);
      assertThat(operation.get("problem").get("detail").asText()).contains(id);
    }
    assertProblem(api.get(path), 404);
  }

  // ---- reads ----

  @Test
  void list_pagesWithLimitAndCursor_acrossPages() {
    List<String> mine = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      mine.add(createApplied("Paged Course " + i));
    }

    List<String> seen = new ArrayList<>();
    int pages = 0;
    String cursor = null;
    do {
      ApiClient.Reply page =
          api.get(COURSES + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      JsonNode items = page.json().get("data");
      assertThat(items.size()).isBetween(1, 2);
      items.forEach(course -> seen.add(course.get("id").asText()));
      JsonNode next = page.json().get("next_cursor");
      cursor = next == null || next.isNull() ? null : next.asText();
      if (cursor != null) {
        assertThat(items.size()).as("a page before the last is full").isEqualTo(2);
      }
      pages++;
    } while (cursor != null && pages < 1000);

    assertThat(pages).isGreaterThanOrEqualTo(3);
    assertThat(seen).doesNotHaveDuplicates().isSorted();
    assertThat(seen.stream().filter(mine::contains).toList()).isEqualTo(mine);
  }

  @Test
  void list_showsACourseCreated_afterThePageWasCached() {
    List<String> before = listAll(1000);
    assertThat(listAll(1000)).isEqualTo(before);

    String id = createApplied("Fresh Course");

    assertThat(listAll(1000)).contains(id).containsAll(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=1001", "limit=-1", "limit=two", "cursor=bm9wZQ"})
  void list_withABadLimitOrCursor_is400NamingTheParameter(String query) {
    JsonNode problem = assertProblem(api.get(COURSES + "?" + query), 400);
    assertThat(problem.get("field").asText()).isEqualTo(query.substring(0, query.indexOf('=')));
  }

  @Test
  void list_withACursorNamingNoCourseId_is400NamingTheCursor() {
    String forged =
        Base64.getUrlEncoder().withoutPadding().encodeToString("after:not-an-id".getBytes(UTF_8));
    JsonNode problem = assertProblem(api.get(COURSES + "?cursor=" + forged), 400);
    assertThat(problem.get("field").asText()).isEqualTo("cursor");
  }

  @Test
  void studentsOfACourse_is503WithRetryAfter_withinTheDeadline_whenStudentsIsDown() {
    String id = createApplied("Lonely Course");

    long started = System.nanoTime();
    ApiClient.Reply reply = api.get(COURSES + "/" + id + "/students");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertProblem(reply, 503);
    assertThat(reply.header("Retry-After")).isNotBlank().containsOnlyDigits();
    assertThat(took).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void studentsOfAnUnknownCourse_is404_withoutAskingStudents() {
    assertProblem(api.get(COURSES + "/" + unknownId() + "/students"), 404);
  }

  @Test
  void healthAndReadiness_areUp() {
    for (String probe : List.of("/health", "/ready")) {
      ApiClient.Reply reply = api.get(COURSES + probe);
      assertThat(reply.status()).as(probe).isEqualTo(200);
      assertThat(reply.json().get("status").asText()).isEqualTo("UP");
    }
  }

  @Test
  void metrics_exposeCallsPerTransport_cacheLookups_andTheJvm() {
    String id = createApplied("Metered Course");
    api.get(COURSES + "/" + id);
    api.get(COURSES + "/" + id);
    assertThat(api.post(COURSES, "{\"name\": 3}").status()).isEqualTo(400);

    ApiClient.Reply reply = api.get("/metrics");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("text/plain");
    List<String> lines = reply.body().lines().toList();
    assertThat(
            sample(
                lines,
                "nis_service_calls_seconds_count{",
                "transport=\"http\"",
                "method=\"getCourse\""))
        .isGreaterThanOrEqualTo(2);
    assertThat(
            sample(
                lines,
                "nis_service_calls_seconds_count{",
                "transport=\"http\"",
                "method=\"accept\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            sample(
                lines,
                "nis_service_calls_seconds_count{",
                "transport=\"queue\"",
                "method=\"apply\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(sample(lines, "nis_cache_lookups_total{", "view=\"course\"", "result=\"hit\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            sample(
                lines, "nis_store_batch_size_count{", "store=\"mongodb\"", "operation=\"insert\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(sample(lines, "jvm_memory_used_bytes{")).isPositive();
    assertThat(
            sample(
                lines,
                "nis_http_problems_total{",
                "method=\"POST\"",
                "route=\"/api/courses\"",
                "status=\"400\""))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void theBenchmarkCeilingRoute_isNotServedUnlessAskedFor() {
    assertThat(api.get("/bench/constant").status()).isEqualTo(404);
  }

  @Test
  void theDashboardsQueries_nameMetricsAndLabelsThatCoursesExports() throws Exception {
    String id = createApplied("Dashboarded Course");
    api.get(COURSES + "/" + id);
    api.get(COURSES + "/" + id);
    api.post(COURSES, "{\"name\": 3}");

    String exposition = api.get("/metrics").body();

    // jvm_gc_pause_* appears with the first collection, which a test cannot force in the service
    assertThat(DashboardQueries.missingFrom(exposition, DashboardQueries.GC_PAUSES)).isEmpty();
    assertThat(exposition).contains("jvm_gc_");
  }

  @Test
  void theAlertRules_nameMetricsAndLabelsThatCoursesExports() throws Exception {
    String id = createApplied("Alerted Course");
    api.get(COURSES + "/" + id);

    String exposition = api.get("/metrics").body();

    assertThat(AlertRules.missingFrom(exposition)).isEmpty();
  }

  @Test
  void itsMetrics_passPromtoolsCheck_everyProjectMetricWithHelp() throws Exception {
    Promtool promtool = Promtool.require();
    String id = createApplied("Checked Course");
    api.get(COURSES + "/" + id);
    api.get(COURSES + "/" + id);
    api.post(COURSES, "{\"name\": 3}");

    String exposition = api.get("/metrics").body();

    assertThat(promtool.nisMetricProblems(exposition)).isEmpty();
    assertThat(exposition).contains(Promtool.PROJECT_METRIC_HELP);
    assertThat(exposition).contains(Promtool.COURSES_METRIC_HELP);
  }

  @Test
  void requestId_isEchoed_andTravelsWithTheQueuedCommand() throws Exception {
    String requestId = "e2e-" + UUID.randomUUID();

    ApiClient.Reply reply =
        api.post(
            COURSES,
            CourseJson.course("Traced Course"),
            "X-Request-ID",
            requestId,
            "Prefer",
            "wait=5");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("X-Request-ID")).isEqualTo(requestId);
    var last = env.lastCommand();
    assertThat(last.getHeaders().getFirst("X-Request-ID")).isEqualTo(requestId);

    String problemId = "e2e-" + UUID.randomUUID();
    ApiClient.Reply problem =
        send(
            HttpRequest.newBuilder(uri(COURSES + "/nope")).header("X-Request-ID", problemId).GET());
    assertProblem(problem, 400);
    assertThat(problem.header("X-Request-ID")).isEqualTo(problemId);
  }

  @Test
  void requestId_isGenerated_whenAbsentOrUnacceptable() {
    String generated = api.get(COURSES + "/health").header("X-Request-ID");
    assertThat(generated).isNotBlank();

    ApiClient.Reply spaced =
        send(
            HttpRequest.newBuilder(uri(COURSES + "/health"))
                .header("X-Request-ID", "has spaces")
                .GET());
    assertThat(spaced.header("X-Request-ID")).isNotBlank().isNotEqualTo("has spaces");
    assertThat(spaced.header("X-Request-ID")).isNotEqualTo(generated);
  }

  // ---- bad input: a clear 4xx, and nothing queued or stored ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\":",
        "{\"name\":\"Algebra\",}",
        "not json at all",
        "[]",
        "null",
        "",
        "{\"name\":\"Algebra\"} {}"
      })
  void malformedJson_is400_andNothingIsQueued(String body) throws Exception {
    Traces before = traces();

    assertProblem(api.post(COURSES, body), 400);

    assertNoTrace(before);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "name         | 5           | name",
        "teacher      | true        | teacher",
        "description  | [`x`]       | description",
        "student_ids  | `not-array` | student_ids",
        "student_ids  | [5]         | student_ids[0]"
      })
  void wrongType_namesTheField_andNothingIsQueued(String field, String value, String named)
      throws Exception {
    Traces before = traces();

    JsonNode problem =
        assertProblem(api.post(COURSES, courseWith(field, value.replace('`', '"'))), 400);

    assertThat(problem.get("field").asText()).isEqualTo(named);
    assertThat(problem.get("detail").asText()).contains(named);
    assertNoTrace(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"name", "description", "discipline", "teacher"})
  void missingField_isNamed_andNothingIsQueued(String field) throws Exception {
    Traces before = traces();

    JsonNode problem = assertProblem(api.post(COURSES, courseWith(field, null)), 400);

    assertThat(problem.get("field").asText()).isEqualTo(field);
    assertNoTrace(before);
  }

  /** Issue 11's names (JSON escapes as a client sent them): each a 400, none stored as is. */
  @ParameterizedTest
  @ValueSource(strings = {"ada\\u0000x", "ab\\uD800cd", "   ", "\\t\\n\\r", "ada\\u202Ex"})
  void aNameThatIsNoName_is400NamingTheName_andNothingIsQueued(String escaped) throws Exception {
    Traces before = traces();

    JsonNode problem = assertProblem(api.post(COURSES, CourseJson.course(escaped)), 400);

    assertThat(problem.get("field").asText()).isEqualTo("name");
    assertThat(problem.get("detail").asText()).startsWith("name: must not");
    assertNoTrace(before);
  }

  @Test
  void aNameOfBytesThatAreNotUtf8_is400NamingTheName_andNothingIsQueued() throws Exception {
    String[] around = CourseJson.course("placeholder").split("placeholder");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(around[0].getBytes(UTF_8));
    body.writeBytes(new byte[] {'a', 'b', (byte) 0xC1, (byte) 0xA1, 'c', 'd'});
    body.writeBytes(around[1].getBytes(UTF_8));
    Traces before = traces();

    JsonNode problem =
        assertProblem(
            api.send(
                HttpRequest.newBuilder(env.baseUri().resolve(COURSES))
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofByteArray(body.toByteArray()))),
            400);

    assertThat(problem.get("field").asText()).isEqualTo("name");
    assertThat(problem.get("detail").asText()).contains("not valid UTF-8");
    assertNoTrace(before);
  }

  @Test
  void aNamePaddedAndDecomposed_isStoredTrimmedAndInNfc() {
    ApiClient.Reply reply =
        api.post(COURSES, CourseJson.course("  Cafe\\u0301 ok\\t"), "Prefer", "wait=10");

    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    String id = reply.data().get("id").asText();
    assertThat(api.get(COURSES + "/" + id).data().get("name").asText()).isEqualTo("Caf\u00E9 ok");
  }

  @Test
  void nameTooShort_isNamed_andNothingIsQueued() throws Exception {
    Traces before = traces();

    JsonNode problem = assertProblem(api.post(COURSES, CourseJson.course("ab")), 400);

    assertThat(problem.get("field").asText()).isEqualTo("name");
    assertThat(problem.get("detail").asText()).contains("3 to 20");
    assertNoTrace(before);
  }

  @Test
  void sixtyOneStudentIds_areNamed_andNothingIsQueued() throws Exception {
    String[] students =
        IntStream.range(0, 61).mapToObj(i -> UUID.randomUUID().toString()).toArray(String[]::new);
    Traces before = traces();

    JsonNode problem =
        assertProblem(api.post(COURSES, CourseJson.course("Crowded", students)), 400);

    assertThat(problem.get("field").asText()).isEqualTo("student_ids");
    assertThat(problem.get("detail").asText()).contains("60");
    assertNoTrace(before);
  }

  @Test
  void sixtyStudentIds_areAccepted() {
    String[] students =
        IntStream.range(0, 60).mapToObj(i -> UUID.randomUUID().toString()).toArray(String[]::new);

    ApiClient.Reply reply =
        api.post(COURSES, CourseJson.course("Full House", students), "Prefer", "wait=5");

    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    String path = COURSES + "/" + reply.data().get("id").asText();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (api.get(path).data().get("student_ids").size() < 60 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(api.get(path).data().get("student_ids").size())
        .as("enrolled through the log")
        .isEqualTo(60);
  }

  @Test
  void malformedStudentId_isNamed_andNothingIsQueued() throws Exception {
    Traces before = traces();

    JsonNode problem =
        assertProblem(api.post(COURSES, CourseJson.course("Algebra", "not-a-uuid")), 400);

    assertThat(problem.get("field").asText()).isEqualTo("student_ids");
    assertNoTrace(before);
  }

  @Test
  void unknownField_isNamed_andNothingIsQueued() throws Exception {
    Traces before = traces();

    JsonNode problem = assertProblem(api.post(COURSES, courseWith("colour", "\"blue\"")), 400);

    assertThat(problem.get("field").asText()).isEqualTo("colour");
    assertThat(problem.get("detail").asText()).contains("colour");
    assertNoTrace(before);
  }

  @Test
  void invalidPut_isNamed_nothingIsQueued_andTheCourseStaysAsItWas() throws Exception {
    String id = createApplied("Stable Course");
    JsonNode stored = api.get(COURSES + "/" + id).data();
    Traces before = traces();

    JsonNode problem = assertProblem(api.put(COURSES + "/" + id, CourseJson.course("ab")), 400);

    assertThat(problem.get("field").asText()).isEqualTo("name");
    assertNoTrace(before);
    assertThat(api.get(COURSES + "/" + id).data()).isEqualTo(stored);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE"})
  void malformedId_is400NamingTheId_andNothingIsQueued(String method) throws Exception {
    Traces before = traces();

    for (String id : List.of("not-an-id", "0123456789abcdef0123456", "zzzzzzzzzzzzzzzzzzzzzzzz")) {
      JsonNode problem = assertProblem(call(method, COURSES + "/" + id), 400);
      assertThat(problem.get("field").asText()).as(id).isEqualTo("id");
    }

    assertNoTrace(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE"})
  void unknownId_is404_andNothingIsQueued(String method) throws Exception {
    String id = unknownId();
    Traces before = traces();

    JsonNode problem = assertProblem(call(method, COURSES + "/" + id), 404);

    assertThat(problem.get("detail").asText()).contains(id);
    assertNoTrace(before);
  }

  @Test
  void bodyOver64KiB_is413_andNothingIsQueued() throws Exception {
    String big = CourseJson.course("Algebra").replace("A course for tests", "x".repeat(70 * 1024));
    Traces before = traces();

    assertProblem(api.post(COURSES, big), 413);

    assertNoTrace(before);
  }

  @Test
  void bodyOver64KiB_is413_evenWithoutAContentLength() throws Exception {
    byte[] big =
        CourseJson.course("Algebra")
            .replace("A course for tests", "x".repeat(70 * 1024))
            .getBytes(UTF_8);
    Traces before = traces();

    ApiClient.Reply reply =
        send(
            HttpRequest.newBuilder(uri(COURSES))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

    assertProblem(reply, 413);
    assertNoTrace(before);
  }

  @Test
  void bodyOf64KiBExactly_isNotTooLarge() throws Exception {
    String course = CourseJson.course("Algebra");
    String padded = course.substring(0, course.length() - 1);
    padded = padded + " ".repeat(64 * 1024 - padded.getBytes(UTF_8).length - 1) + "}";
    assertThat(padded.getBytes(UTF_8)).hasSize(64 * 1024);

    ApiClient.Reply reply = api.post(COURSES, padded, "Prefer", "wait=5");

    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT"})
  void textPlainBody_is415_andNothingIsQueued(String method) throws Exception {
    String path = method.equals("POST") ? COURSES : COURSES + "/" + createApplied("Plain Course");
    Traces before = traces();

    ApiClient.Reply reply =
        send(
            HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "text/plain")
                .method(method, BodyPublishers.ofString(CourseJson.course("Algebra"))));

    assertProblem(reply, 415);
    assertNoTrace(before);
  }

  @Test
  void bodyWithoutAContentType_is415_andNothingIsQueued() throws Exception {
    Traces before = traces();

    ApiClient.Reply reply =
        send(
            HttpRequest.newBuilder(uri(COURSES))
                .POST(BodyPublishers.ofString(CourseJson.course("Algebra"))));

    assertProblem(reply, 415);
    assertNoTrace(before);
  }

  @Test
  void malformedOperationId_is400NamingIt() {
    JsonNode problem = assertProblem(api.get(OPERATIONS + "not-an-operation"), 400);
    assertThat(problem.get("field").asText()).isEqualTo("operation_id");
  }

  @Test
  void unknownOperationId_is404() {
    String id = UUID.randomUUID().toString();
    JsonNode problem = assertProblem(api.get(OPERATIONS + id), 404);
    assertThat(problem.get("detail").asText()).contains(id);
  }

  @Test
  void anotherMethod_is405_namingTheAllowedOnes() throws Exception {
    Traces before = traces();

    ApiClient.Reply reply =
        send(
            HttpRequest.newBuilder(uri(COURSES + "/" + unknownId()))
                .header("Content-Type", "application/json")
                .method("PATCH", BodyPublishers.ofString("{}")));

    assertProblem(reply, 405);
    assertThat(reply.header("Allow")).contains("GET", "PUT", "DELETE");
    assertNoTrace(before);
  }

  @Test
  void unknownPath_is404Problem() {
    assertProblem(api.get("/api/nothing-here"), 404);
  }

  // ---- helpers ----

  /** Creates a course and waits until it is applied; returns its id. */
  private static String createApplied(String name, String... studentIds) {
    ApiClient.Reply reply =
        api.post(COURSES, CourseJson.course(name, studentIds), "Prefer", "wait=5");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.data().get("id").asText();
  }

  /** Polls an operation until it is no longer pending. */
  private static JsonNode awaitFinal(String operationId) throws InterruptedException {
    long deadline = System.nanoTime() + OUTCOME_TIMEOUT.toNanos();
    while (true) {
      ApiClient.Reply reply = api.get(OPERATIONS + operationId);
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      JsonNode operation = reply.data();
      if (!operation.get("status").asText().equals("pending")) {
        return operation;
      }
      assertThat(System.nanoTime())
          .as("operation %s still pending after %s", operationId, OUTCOME_TIMEOUT)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.holds()) {
      assertThat(System.nanoTime()).as("waiting until %s", what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** Every course id of the list, paging with {@code limit}. */
  private static List<String> listAll(int limit) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      ApiClient.Reply page =
          api.get(COURSES + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      page.json().get("data").forEach(course -> ids.add(course.get("id").asText()));
      JsonNode next = page.json().get("next_cursor");
      cursor = next == null || next.isNull() ? null : next.asText();
    } while (cursor != null);
    return ids;
  }

  /**
   * Asserts an RFC 9457 problem with {@code status} and no internals in it; returns its members.
   */
  private static JsonNode assertProblem(ApiClient.Reply reply, int status) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = reply.json();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("type").asText()).isNotBlank();
    assertThat(reply.body())
        .doesNotContain("Exception")
        .doesNotContain("at dev.")
        .doesNotContain("at java.")
        .doesNotContain("com.fasterxml");
    return problem;
  }

  /** What a mutation leaves behind: commands, operation records, course documents. */
  private record Traces(long commands, long operations, long documents) {}

  private static Traces traces() throws Exception {
    long operations =
        env.nats()
            .connection()
            .keyValueManagement()
            .getStatus(env.nats().contract().operationsBucket())
            .getEntryCount();
    long documents = mongo.database().getCollection("courses").countDocuments();
    return new Traces(queuedCommands(), operations, documents);
  }

  private static void assertNoTrace(Traces before) throws Exception {
    assertThat(traces()).as("commands, operations, documents").isEqualTo(before);
  }

  private static long queuedCommands() throws Exception {
    return env.queuedCommands();
  }

  /** A GET, or a PUT with a valid body, or a DELETE. */
  private static ApiClient.Reply call(String method, String path) {
    return switch (method) {
      case "GET" -> api.get(path);
      case "PUT" -> api.put(path, CourseJson.course("Algebra"));
      case "DELETE" -> api.delete(path);
      default -> throw new IllegalArgumentException(method);
    };
  }

  private static ApiClient.Reply send(HttpRequest.Builder request) {
    return api.send(request);
  }

  private static URI uri(String path) {
    return env.baseUri().resolve(path);
  }

  /** An id no course has: ObjectIds made now sort after every stored one, and this is random. */
  private static String unknownId() {
    return "ffffffff" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  /**
   * A valid course body with {@code field} set to the raw JSON {@code value}, or left out when
   * {@code value} is null.
   */
  private static String courseWith(String field, String value) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", "\"Algebra\"");
    fields.put("description", "\"A course for tests\"");
    fields.put("discipline", "\"Testing\"");
    fields.put("teacher", "\"Tester\"");
    if (value == null) {
      fields.remove(field);
    } else {
      fields.put(field, value);
    }
    StringJoiner body = new StringJoiner(",", "{", "}");
    fields.forEach((name, raw) -> body.add('"' + name + "\":" + raw));
    return body.toString();
  }

  /** The sum of the samples of {@code metric} whose line holds every label given. */
  private static double sample(List<String> lines, String metric, String... labels) {
    List<String> matching =
        lines.stream()
            .filter(line -> line.startsWith(metric))
            .filter(line -> Arrays.stream(labels).allMatch(line::contains))
            .toList();
    assertThat(matching).as("%s with %s", metric, List.of(labels)).isNotEmpty();
    return matching.stream()
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * A TCP proxy between the service and MongoDB that forwards whole wire messages and, while held,
   * holds back every OP_MSG whose command is a write (insert, update, delete, findAndModify);
   * reads, pings and handshakes pass. Only a single-host MongoDB can be proxied this way.
   */
  private static final class MongoWriteGate implements AutoCloseable {
    private static final int OP_MSG = 2013;
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

    private final ServerSocket listener;
    private final String targetUri;
    private final String hostAndPort;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    private boolean holding;

    private MongoWriteGate(String targetUri, String hostAndPort, InetSocketAddress target)
        throws IOException {
      this.targetUri = targetUri;
      this.hostAndPort = hostAndPort;
      this.target = target;
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofPlatform().daemon().name("mongo-gate-accept").start(this::acceptLoop);
    }

    /** A gate in front of the MongoDB at {@code uri}; null when it has several hosts. */
    static MongoWriteGate inFrontOf(String uri) throws IOException {
      ConnectionString connection = new ConnectionString(uri);
      if (connection.isSrvProtocol()
          || connection.getHosts().size() != 1
          || connection.getRequiredReplicaSetName() != null) {
        return null;
      }
      String hostAndPort = connection.getHosts().get(0);
      int colon = hostAndPort.lastIndexOf(':');
      InetSocketAddress target =
          colon < 0 || hostAndPort.endsWith("]")
              ? new InetSocketAddress(hostAndPort, 27017)
              : new InetSocketAddress(
                  hostAndPort.substring(0, colon),
                  Integer.parseInt(hostAndPort.substring(colon + 1)));
      return new MongoWriteGate(uri, hostAndPort, target);
    }

    String uri() {
      return targetUri.replaceFirst(
          Pattern.quote(hostAndPort), "127.0.0.1:" + listener.getLocalPort());
    }

    synchronized void hold() {
      holding = true;
    }

    synchronized void release() {
      holding = false;
      notifyAll();
    }

    /** How many writes are being held back now. */
    int heldWrites() {
      return held.get();
    }

    private synchronized void awaitPassage() throws InterruptedException {
      held.incrementAndGet();
      try {
        while (holding) {
          wait();
        }
      } finally {
        held.decrementAndGet();
      }
    }

    private void acceptLoop() {
      while (!listener.isClosed()) {
        try {
          Socket client = listener.accept();
          client.setTcpNoDelay(true);
          Socket server = new Socket();
          server.setTcpNoDelay(true);
          try {
            server.connect(target, 2000);
          } catch (IOException refused) {
            client.close();
            continue;
          }
          sockets.add(client);
          sockets.add(server);
          Thread.ofPlatform().daemon().start(() -> pump(client, server, true));
          Thread.ofPlatform().daemon().start(() -> pump(server, client, false));
        } catch (IOException e) {
          // closed, or MongoDB refused: the driver sees a dropped connection and retries
        }
      }
    }

    private void pump(Socket from, Socket to, boolean toServer) {
      try (from;
          to) {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        if (!toServer) {
          in.transferTo(out);
          return;
        }
        while (true) {
          byte[] length = in.readNBytes(4);
          if (length.length < 4) {
            return;
          }
          int size = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt();
          byte[] message = new byte[size];
          System.arraycopy(length, 0, message, 0, 4);
          if (in.readNBytes(message, 4, size - 4) < size - 4) {
            return;
          }
          if (isWrite(message)) {
            awaitPassage();
          }
          out.write(message);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // a side closed: both sockets close with this pump
      } finally {
        sockets.remove(from);
        sockets.remove(to);
      }
    }

    /**
     * A whole wire message: messageLength, requestID, responseTo, opCode; for OP_MSG then flagBits
     * and a body section (kind 0) whose document's first element names the command.
     */
    private static boolean isWrite(byte[] message) {
      ByteBuffer buffer = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
      if (message.length < 27 || buffer.getInt(12) != OP_MSG || message[20] != 0) {
        return false;
      }
      int end = 26;
      while (end < message.length && message[end] != 0) {
        end++;
      }
      return WRITES.contains(new String(message, 26, end - 26, UTF_8));
    }

    @Override
    public void close() throws IOException {
      release();
      listener.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
