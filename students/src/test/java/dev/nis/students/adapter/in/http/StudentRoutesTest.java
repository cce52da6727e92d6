package dev.nis.students.adapter.in.http;

import static dev.nis.common.http.HttpTestClient.json;
import static dev.nis.students.testing.StudentFixtures.aCourse;
import static dev.nis.students.testing.StudentFixtures.student;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nis.common.domain.Action;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import dev.nis.common.http.HttpRouter;
import dev.nis.common.http.HttpServerRunner;
import dev.nis.common.http.HttpTestClient;
import dev.nis.common.http.ProbeRoutes;
import dev.nis.students.domain.EnrolledCourse;
import dev.nis.students.domain.Student;
import dev.nis.students.domain.StudentCommand;
import dev.nis.students.domain.StudentFields;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StudentRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CourseId ALGEBRA = aCourse();

  private final FakeStudentService service = new FakeStudentService();
  private volatile boolean ready = true;
  private HttpServerRunner server;
  private HttpTestClient client;

  @BeforeEach
  void start() throws Exception {
    HttpRouter router = new StudentRoutes(service, service).registerOn(new HttpRouter());
    // the probes, as the service runtime adds them
    ProbeRoutes.register(router, "/api/students", () -> ready, () -> "# TYPE up gauge\nup 1\n");
    server = HttpServerRunner.start(0, router);
    client = new HttpTestClient(server.port());
  }

  @AfterEach
  void stop() {
    server.stop(Duration.ofSeconds(1));
  }

  static Map<String, Object> studentBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "adal");
    body.put("first_name", "Ada");
    body.put("last_name", "Lovelace");
    body.put("course_ids", List.of(ALGEBRA.value()));
    return body;
  }

  static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(Object body, String... headers) {
    return client.send("POST", "/api/students", write(body), headers);
  }

  private HttpResponse<String> put(String id, Object body, String... headers) {
    return client.send("PUT", "/api/students/" + id, write(body), headers);
  }

  private static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(json(response).get("status").asInt()).isEqualTo(status);
  }

  @Nested
  class Reads {
    @Test
    void listingStudents_pagesWithAnOpaqueCursor() {
      IntStream.range(0, 3).forEach(i -> service.add(student("student " + i)));

      JsonNode first = json(client.get("/api/students?limit=2"));
      assertThat(first.get("data")).hasSize(2);
      String cursor = first.get("next_cursor").asText();

      JsonNode last = json(client.get("/api/students?limit=2&cursor=" + cursor));
      assertThat(last.get("data")).hasSize(1);
      assertThat(last.get("next_cursor").isNull()).isTrue();
      assertThat(json(client.get("/api/students")).get("data")).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=ten", "cursor=not-ours"})
    void listingWithABadLimitOrCursor_isA400(String query) {
      assertProblem(client.get("/api/students?" + query), 400);
    }

    @Test
    void aStudent_isSnakeCaseJsonInTheDataEnvelope() {
      Student ada = service.add(student("adal", ALGEBRA));

      HttpResponse<String> response = client.get("/api/students/" + ada.id());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .isEqualTo(
              "{\"data\":{\"id\":\""
                  + ada.id()
                  + "\",\"name\":\"adal\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\","
                  + "\"course_ids\":[\""
                  + ALGEBRA
                  + "\"]}}");
    }

    @Test
    void anUpperCaseId_findsTheStudent() {
      Student ada = service.add(student("adal"));

      assertThat(client.get("/api/students/" + ada.id().toString().toUpperCase()).statusCode())
          .isEqualTo(200);
    }

    @Test
    void anUnknownStudent_isA404_andAMalformedId_aA400NamingId() {
      assertProblem(client.get("/api/students/" + StudentId.next()), 404);

      HttpResponse<String> malformed = client.get("/api/students/not-an-id");
      assertProblem(malformed, 400);
      assertThat(json(malformed).get("field").asText()).isEqualTo("id");
    }

    @Test
    void theCoursesOfAStudent_areListed() {
      Student ada = service.add(student("adal", ALGEBRA));
      service.courses.put(
          ada.id(),
          List.of(
              new EnrolledCourse(
                  ALGEBRA.value(),
                  "Algebra",
                  "Groups, rings and fields",
                  "Mathematics",
                  "Noether",
                  List.of(ada.id().toString()))));

      HttpResponse<String> response = client.get("/api/students/" + ada.id() + "/courses");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode course = json(response).at("/data/0");
      assertThat(course.get("id").asText()).isEqualTo(ALGEBRA.value());
      assertThat(course.get("name").asText()).isEqualTo("Algebra");
      assertThat(course.get("description").asText()).isEqualTo("Groups, rings and fields");
      assertThat(course.get("discipline").asText()).isEqualTo("Mathematics");
      assertThat(course.get("teacher").asText()).isEqualTo("Noether");
      assertThat(course.get("student_ids").get(0).asText()).isEqualTo(ada.id().toString());
    }

    @Test
    void theCoursesOfAnUnknownStudent_areA404() {
      assertProblem(client.get("/api/students/" + StudentId.next() + "/courses"), 404);
    }

    @Test
    void theCoursesOfAStudent_whileTheCoursesServiceIsDown_areA503WithRetryAfter() {
      Student ada = service.add(student("adal"));
      service.coursesServiceDown = true;

      HttpResponse<String> response = client.get("/api/students/" + ada.id() + "/courses");

      assertProblem(response, 503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anUnexpectedFailure_isA500WithoutItsMessage() {
      service.readFailure = new IllegalStateException("postgres password=s3cret");

      HttpResponse<String> response = client.get("/api/students/" + StudentId.next());

      assertProblem(response, 500);
      assertThat(response.body()).doesNotContain("s3cret", "IllegalStateException", "\tat ");
    }

    @Test
    void aWrongMethod_isA405WithAllow() {
      HttpResponse<String> response = client.delete("/api/students");

      assertProblem(response, 405);
      assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD, OPTIONS, POST");
    }

    @Test
    void theRequestId_isEchoed() {
      HttpResponse<String> response = client.get("/api/students", "X-Request-ID", "kong-42");

      assertThat(response.headers().firstValue("X-Request-ID")).contains("kong-42");
    }
  }

  @Nested
  class Operations {
    @Test
    void aPendingOperation_isReadable() {
      OperationId id = OperationId.random();
      StudentId student = StudentId.next();
      service.record(Operation.pending(id, student.toString(), Action.CREATE));

      JsonNode data = json(client.get("/api/students/operations/" + id)).get("data");

      assertThat(data.get("id").asText()).isEqualTo(id.toString());
      assertThat(data.get("status").asText()).isEqualTo("pending");
      assertThat(data.get("entity_id").asText()).isEqualTo(student.toString());
      assertThat(data.get("action").asText()).isEqualTo("create");
      assertThat(data.has("problem")).isFalse();
      assertThat(data.get("updated_at").asText()).isNotBlank();
    }

    @Test
    void aRejectedOperation_carriesItsProblem() {
      OperationId id = OperationId.random();
      service.record(
          Operation.rejected(
              id, StudentId.next().toString(), Action.CREATE, Rejection.conflict("name taken")));

      JsonNode data = json(client.get("/api/students/operations/" + id)).get("data");

      assertThat(data.get("status").asText()).isEqualTo("rejected");
      assertThat(data.at("/problem/status").asInt()).isEqualTo(409);
      assertThat(data.at("/problem/detail").asText()).isEqualTo("name taken");
    }

    @Test
    void anUnknownOperation_isA404_andAMalformedId_aA400() {
      assertProblem(client.get("/api/students/operations/" + OperationId.random()), 404);
      assertProblem(client.get("/api/students/operations/123"), 400);
    }

    @Test
    void operations_isNeverTakenForAStudentId() {
      assertProblem(client.get("/api/students/operations"), 404);
      assertProblem(client.send("PUT", "/api/students/operations", write(studentBody())), 404);
      assertThat(service.accepted).isEmpty();
    }
  }

  @Nested
  class Probes {
    @Test
    void health_isUp() {
      HttpResponse<String> response = client.get("/api/students/health");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void ready_followsTheReadinessCheck() {
      assertThat(client.get("/api/students/ready").statusCode()).isEqualTo(200);
      ready = false;
      assertProblem(client.get("/api/students/ready"), 503);
    }

    @Test
    void metrics_isTheScrape() {
      HttpResponse<String> response = client.get("/metrics");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain; version=0.0.4");
      assertThat(response.body()).contains("up 1");
    }
  }

  @Nested
  class Mutations {
    @Test
    void creating_queuesTheCommand_andAnswers202WithTheOperation() {
      HttpResponse<String> response = post(studentBody());

      assertThat(response.statusCode()).isEqualTo(202);
      StudentCommand.Create create = (StudentCommand.Create) service.accepted.get(0);
      assertThat(create.fields())
          .isEqualTo(new StudentFields("adal", "Ada", "Lovelace", List.of(ALGEBRA)));
      JsonNode data = json(response).get("data");
      assertThat(data.get("id").asText()).isEqualTo(create.studentId().toString());
      assertThat(data.get("operation_id").asText()).isEqualTo(create.operationId().toString());
      assertThat(data.get("status").asText()).isEqualTo("pending");
      assertThat(response.headers().firstValue("Location"))
          .contains("/api/students/operations/" + create.operationId());
    }

    @Test
    void creatingWithoutCourseIds_isFine() {
      Map<String, Object> body = studentBody();
      body.remove("course_ids");

      assertThat(post(body).statusCode()).isEqualTo(202);
    }

    @Test
    void creatingAStudentWhoseFullNameIsTaken_isA409AtOnce_andQueuesNothing() {
      service.add(student("adal"));

      HttpResponse<String> response = post(studentBody());

      assertProblem(response, 409);
      assertThat(json(response).get("detail").asText())
          .isEqualTo("a student named (adal, Ada, Lovelace) already exists");
      assertThat(service.accepted).isEmpty();
    }

    @Test
    void creatingAndWaiting_answers201WithTheStudent() {
      service.onAccept(service::applyNow);

      HttpResponse<String> response = post(studentBody(), "Prefer", "wait=5");

      assertThat(response.statusCode()).isEqualTo(201);
      String id = service.accepted.get(0).studentId().toString();
      assertThat(response.headers().firstValue("Location")).contains("/api/students/" + id);
      assertThat(response.headers().firstValue("Preference-Applied")).contains("wait=5");
      assertThat(json(response).at("/data/id").asText()).isEqualTo(id);
      assertThat(json(response).at("/data/first_name").asText()).isEqualTo("Ada");
    }

    @Test
    void creatingAndWaiting_forAnOutcomeThatComesLater_answers201() {
      service.onAccept(command -> service.applyAfter(command, Duration.ofMillis(200)));

      assertThat(post(studentBody(), "Prefer", "wait=5").statusCode()).isEqualTo(201);
    }

    @Test
    void creatingAndWaiting_forAConflictFoundWhenApplied_answers409() {
      service.onAccept(command -> service.reject(command, Rejection.conflict("name taken")));

      HttpResponse<String> response = post(studentBody(), "Prefer", "wait=5");

      assertProblem(response, 409);
      assertThat(json(response).get("detail").asText()).isEqualTo("name taken");
      assertThat(json(response).get("operation_id").asText())
          .isEqualTo(service.accepted.get(0).operationId().toString());
    }

    @Test
    void creatingAndWaiting_pastTheWait_answers202() {
      HttpResponse<String> response = post(studentBody(), "Prefer", "wait=1");

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.headers().firstValue("Preference-Applied")).contains("wait=1");
      assertThat(json(response).at("/data/status").asText()).isEqualTo("pending");
    }

    @Test
    void updating_queuesAFullReplacement() {
      Student ada = service.add(student("adal"));

      HttpResponse<String> response = put(ada.id().toString(), studentBody());

      assertThat(response.statusCode()).isEqualTo(202);
      StudentCommand.Update update = (StudentCommand.Update) service.accepted.get(0);
      assertThat(update.studentId()).isEqualTo(ada.id());
      assertThat(update.fields().courseIds()).containsExactly(ALGEBRA);
      assertThat(json(response).at("/data/id").asText()).isEqualTo(ada.id().toString());
    }

    @Test
    void updatingToTheFullNameOfAnotherStudent_isA409AtOnce() {
      Student grace = service.add(student("ghopper"));
      service.add(student("adal"));

      assertProblem(put(grace.id().toString(), studentBody()), 409);
      assertThat(service.accepted).isEmpty();
    }

    @Test
    void updatingAndWaiting_answers200WithTheStudent() {
      Student ada = service.add(student("adal"));
      service.onAccept(service::applyNow);

      HttpResponse<String> response = put(ada.id().toString(), studentBody(), "Prefer", "wait=5");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).at("/data/course_ids/0").asText()).isEqualTo(ALGEBRA.value());
    }

    @Test
    void updatingAndWaiting_forAStudentDeletedMeanwhile_answers404() {
      Student ada = service.add(student("adal"));
      service.onAccept(command -> service.reject(command, Rejection.notFound("deleted")));

      assertProblem(put(ada.id().toString(), studentBody(), "Prefer", "wait=5"), 404);
    }

    @Test
    void updatingAnUnknownStudent_isA404AndQueuesNothing() {
      assertProblem(put(StudentId.next().toString(), studentBody()), 404);
      assertThat(service.accepted).isEmpty();
    }

    @Test
    void deleting_answers202_andWithWait204() {
      Student ada = service.add(student("adal"));
      HttpResponse<String> queued = client.delete("/api/students/" + ada.id());
      assertThat(queued.statusCode()).isEqualTo(202);
      assertThat(service.accepted.get(0)).isInstanceOf(StudentCommand.Delete.class);

      service.onAccept(service::applyNow);
      HttpResponse<String> waited = client.delete("/api/students/" + ada.id(), "Prefer", "wait=5");
      assertThat(waited.statusCode()).isEqualTo(204);
      assertThat(waited.body()).isEmpty();
      assertThat(service.students).doesNotContainKey(ada.id());
    }

    @Test
    void deletingAnUnknownStudent_isA404_andAMalformedId_aA400() {
      assertProblem(client.delete("/api/students/" + StudentId.next()), 404);
      assertProblem(client.delete("/api/students/xyz"), 400);
      assertThat(service.accepted).isEmpty();
    }
  }

  @Nested
  class BadInput {
    @AfterEach
    void nothingWasQueued() {
      assertThat(service.accepted).isEmpty();
    }

    private void assertRefusedNaming(Map<String, Object> body, String field) {
      HttpResponse<String> response = post(body);
      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo(field);
    }

    @Test
    void malformedJson_isA400() {
      assertProblem(client.send("POST", "/api/students", "{\"name\": \"ad"), 400);
      assertProblem(client.send("POST", "/api/students", ""), 400);
      assertProblem(client.send("POST", "/api/students", "[]"), 400);
      assertProblem(client.send("POST", "/api/students", "{} {}"), 400);
    }

    @Test
    void aWrongType_isA400NamingTheField() {
      Map<String, Object> body = studentBody();
      body.put("first_name", 42);
      assertRefusedNaming(body, "first_name");

      body = studentBody();
      body.put("course_ids", ALGEBRA.value());
      assertRefusedNaming(body, "course_ids");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "first_name", "last_name"})
    void aMissingField_isA400NamingIt(String field) {
      Map<String, Object> body = studentBody();
      body.remove(field);
      assertRefusedNaming(body, field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "first_name", "last_name"})
    void anOutOfRangeField_isA400NamingIt(String field) {
      Map<String, Object> body = studentBody();
      body.put(field, "ab");
      assertRefusedNaming(body, field);

      body.put(field, "x".repeat(21));
      assertRefusedNaming(body, field);
    }

    @Test
    void moreThan15Courses_orAMalformedCourseId_isA400NamingCourseIds() {
      List<String> courses = new ArrayList<>();
      IntStream.range(0, 16).forEach(i -> courses.add(aCourse().value()));
      Map<String, Object> body = studentBody();
      body.put("course_ids", courses);
      assertRefusedNaming(body, "course_ids");

      body.put("course_ids", List.of("not-a-course-id"));
      assertRefusedNaming(body, "course_ids");
    }

    @Test
    void anUnknownField_isA400NamingIt() {
      Map<String, Object> body = studentBody();
      body.put("age", 36);

      HttpResponse<String> response = post(body);

      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo("age");
      assertThat(json(response).get("detail").asText()).contains("age");
    }

    @Test
    void aBodyOver64KiB_isA413() {
      Map<String, Object> body = studentBody();
      body.put("name", "x".repeat(70 * 1024));

      assertProblem(post(body), 413);
    }

    @Test
    void aNonJsonContentType_isA415() {
      assertProblem(
          client.send("POST", "/api/students", write(studentBody()), "Content-Type", "text/plain"),
          415);
    }

    @Test
    void aMalformedIdOnUpdate_isA400NamingId() {
      HttpResponse<String> response = put("12345", studentBody());

      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo("id");
    }

    @Test
    void aBadBodyOnUpdate_isA400() {
      Student ada = service.add(student("adal"));
      Map<String, Object> body = studentBody();
      body.put("last_name", null);

      HttpResponse<String> response = put(ada.id().toString(), body);

      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo("last_name");
    }
  }
}
