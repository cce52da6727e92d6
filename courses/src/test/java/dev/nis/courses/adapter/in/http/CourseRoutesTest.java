package dev.nis.courses.adapter.in.http;

import static dev.nis.common.http.HttpTestClient.json;
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
import dev.nis.courses.domain.Course;
import dev.nis.courses.domain.CourseCommand;
import dev.nis.courses.domain.CourseFields;
import dev.nis.courses.domain.EnrolledStudent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CourseRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StudentId ADA = new StudentId(UUID.randomUUID());

  private final FakeCourseService service = new FakeCourseService();
  private volatile boolean ready = true;
  private HttpServerRunner server;
  private HttpTestClient client;

  @BeforeEach
  void start() throws Exception {
    HttpRouter router = new CourseRoutes(service, service).registerOn(new HttpRouter());
    // the probes, as the service runtime adds them
    ProbeRoutes.register(router, "/api/courses", () -> ready, () -> "# TYPE up gauge\nup 1\n");
    server = HttpServerRunner.start(0, router);
    client = new HttpTestClient(server.port());
  }

  @AfterEach
  void stop() {
    server.stop(Duration.ofSeconds(1));
  }

  static Course course(String name, StudentId... students) {
    return new Course(
        CourseId.next(),
        new CourseFields(name, "An introduction", "Mathematics", "Noether", List.of(students)));
  }

  static Map<String, Object> courseBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Algebra");
    body.put("description", "Groups, rings and fields");
    body.put("discipline", "Mathematics");
    body.put("teacher", "Noether");
    body.put("student_ids", List.of(ADA.toString()));
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
    return client.send("POST", "/api/courses", write(body), headers);
  }

  private HttpResponse<String> put(String id, Object body, String... headers) {
    return client.send("PUT", "/api/courses/" + id, write(body), headers);
  }

  private static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(json(response).get("status").asInt()).isEqualTo(status);
  }

  @Nested
  class Reads {
    @Test
    void listingCourses_pagesWithAnOpaqueCursor() {
      IntStream.range(0, 3).forEach(i -> service.add(course("Course " + i)));

      JsonNode first = json(client.get("/api/courses?limit=2"));
      assertThat(first.get("data")).hasSize(2);
      String cursor = first.get("next_cursor").asText();

      JsonNode last = json(client.get("/api/courses?limit=2&cursor=" + cursor));
      assertThat(last.get("data")).hasSize(1);
      assertThat(last.get("next_cursor").isNull()).isTrue();
      assertThat(json(client.get("/api/courses")).get("data")).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=ten", "cursor=not-ours"})
    void listingWithABadLimitOrCursor_isA400(String query) {
      assertProblem(client.get("/api/courses?" + query), 400);
    }

    @Test
    void aCourse_isSnakeCaseJsonInTheDataEnvelope() {
      Course algebra = service.add(course("Algebra", ADA));

      HttpResponse<String> response = client.get("/api/courses/" + algebra.id());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .isEqualTo(
              "{\"data\":{\"id\":\""
                  + algebra.id()
                  + "\",\"name\":\"Algebra\",\"description\":\"An introduction\","
                  + "\"discipline\":\"Mathematics\",\"teacher\":\"Noether\","
                  + "\"student_ids\":[\""
                  + ADA
                  + "\"]}}");
    }

    @Test
    void anUnknownCourse_isA404_andAMalformedId_aA400NamingId() {
      assertProblem(client.get("/api/courses/" + CourseId.next()), 404);

      HttpResponse<String> malformed = client.get("/api/courses/not-an-id");
      assertProblem(malformed, 400);
      assertThat(json(malformed).get("field").asText()).isEqualTo("id");
    }

    @Test
    void theStudentsOfACourse_areListed() {
      Course algebra = service.add(course("Algebra", ADA));
      service.students.put(
          algebra.id(),
          List.of(
              new EnrolledStudent(
                  ADA.toString(), "ada", "Ada", "Lovelace", List.of(algebra.id().value()))));

      HttpResponse<String> response = client.get("/api/courses/" + algebra.id() + "/students");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode student = json(response).at("/data/0");
      assertThat(student.get("id").asText()).isEqualTo(ADA.toString());
      assertThat(student.get("name").asText()).isEqualTo("ada");
      assertThat(student.get("first_name").asText()).isEqualTo("Ada");
      assertThat(student.get("last_name").asText()).isEqualTo("Lovelace");
      assertThat(student.get("course_ids").get(0).asText()).isEqualTo(algebra.id().value());
    }

    @Test
    void theStudentsOfAnUnknownCourse_areA404() {
      assertProblem(client.get("/api/courses/" + CourseId.next() + "/students"), 404);
    }

    @Test
    void theStudentsOfACourse_whileTheStudentsServiceIsDown_areA503WithRetryAfter() {
      Course algebra = service.add(course("Algebra"));
      service.studentsServiceDown = true;

      HttpResponse<String> response = client.get("/api/courses/" + algebra.id() + "/students");

      assertProblem(response, 503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anUnexpectedFailure_isA500WithoutItsMessage() {
      service.readFailure = new IllegalStateException("mongo password=s3cret");

      HttpResponse<String> response = client.get("/api/courses/" + CourseId.next());

      assertProblem(response, 500);
      assertThat(response.body()).doesNotContain("s3cret", "IllegalStateException", "\tat ");
    }

    @Test
    void aWrongMethod_isA405WithAllow() {
      HttpResponse<String> response = client.delete("/api/courses");

      assertProblem(response, 405);
      assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD, OPTIONS, POST");
    }

    @Test
    void theRequestId_isEchoed() {
      HttpResponse<String> response = client.get("/api/courses", "X-Request-ID", "kong-42");

      assertThat(response.headers().firstValue("X-Request-ID")).contains("kong-42");
    }
  }

  @Nested
  class Operations {
    @Test
    void aPendingOperation_isReadable() {
      OperationId id = OperationId.random();
      CourseId course = CourseId.next();
      service.record(Operation.pending(id, course.value(), Action.CREATE));

      JsonNode data = json(client.get("/api/courses/operations/" + id)).get("data");

      assertThat(data.get("id").asText()).isEqualTo(id.toString());
      assertThat(data.get("status").asText()).isEqualTo("pending");
      assertThat(data.get("entity_id").asText()).isEqualTo(course.value());
      assertThat(data.get("action").asText()).isEqualTo("create");
      assertThat(data.has("problem")).isFalse();
      assertThat(data.get("updated_at").asText()).isNotBlank();
    }

    @Test
    void aRejectedOperation_carriesItsProblem() {
      OperationId id = OperationId.random();
      service.record(
          Operation.rejected(
              id, CourseId.next().value(), Action.UPDATE, Rejection.conflict("full")));

      JsonNode data = json(client.get("/api/courses/operations/" + id)).get("data");

      assertThat(data.get("status").asText()).isEqualTo("rejected");
      assertThat(data.at("/problem/status").asInt()).isEqualTo(409);
      assertThat(data.at("/problem/detail").asText()).isEqualTo("full");
    }

    @Test
    void anUnknownOperation_isA404_andAMalformedId_aA400() {
      assertProblem(client.get("/api/courses/operations/" + OperationId.random()), 404);
      assertProblem(client.get("/api/courses/operations/123"), 400);
    }

    @Test
    void operations_isNeverTakenForACourseId() {
      assertProblem(client.get("/api/courses/operations"), 404);
      assertProblem(client.send("PUT", "/api/courses/operations", write(courseBody())), 404);
      assertThat(service.accepted).isEmpty();
    }
  }

  @Nested
  class Probes {
    @Test
    void health_isUp() {
      HttpResponse<String> response = client.get("/api/courses/health");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void ready_followsTheReadinessCheck() {
      assertThat(client.get("/api/courses/ready").statusCode()).isEqualTo(200);
      ready = false;
      assertProblem(client.get("/api/courses/ready"), 503);
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
      HttpResponse<String> response = post(courseBody());

      assertThat(response.statusCode()).isEqualTo(202);
      CourseCommand.Create create = (CourseCommand.Create) service.accepted.get(0);
      assertThat(create.fields())
          .isEqualTo(
              new CourseFields(
                  "Algebra", "Groups, rings and fields", "Mathematics", "Noether", List.of(ADA)));
      JsonNode data = json(response).get("data");
      assertThat(data.get("id").asText()).isEqualTo(create.courseId().value());
      assertThat(data.get("operation_id").asText()).isEqualTo(create.operationId().toString());
      assertThat(data.get("status").asText()).isEqualTo("pending");
      assertThat(response.headers().firstValue("Location"))
          .contains("/api/courses/operations/" + create.operationId());
    }

    @Test
    void creatingWithoutStudentIds_isFine() {
      Map<String, Object> body = courseBody();
      body.remove("student_ids");

      assertThat(post(body).statusCode()).isEqualTo(202);
    }

    @Test
    void creatingAndWaiting_answers201WithTheCourse() {
      service.onAccept(service::applyNow);

      HttpResponse<String> response = post(courseBody(), "Prefer", "wait=5");

      assertThat(response.statusCode()).isEqualTo(201);
      String id = service.accepted.get(0).courseId().value();
      assertThat(response.headers().firstValue("Location")).contains("/api/courses/" + id);
      assertThat(response.headers().firstValue("Preference-Applied")).contains("wait=5");
      assertThat(json(response).at("/data/id").asText()).isEqualTo(id);
      assertThat(json(response).at("/data/name").asText()).isEqualTo("Algebra");
    }

    @Test
    void creatingAndWaiting_forAnOutcomeThatComesLater_answers201() {
      service.onAccept(command -> service.applyAfter(command, Duration.ofMillis(200)));

      assertThat(post(courseBody(), "Prefer", "wait=5").statusCode()).isEqualTo(201);
    }

    @Test
    void creatingAndWaiting_forARejection_answersItsProblem() {
      service.onAccept(command -> service.reject(command, Rejection.conflict("name taken")));

      HttpResponse<String> response = post(courseBody(), "Prefer", "wait=5");

      assertProblem(response, 409);
      assertThat(json(response).get("detail").asText()).isEqualTo("name taken");
    }

    @Test
    void creatingAndWaiting_pastTheWait_answers202() {
      HttpResponse<String> response = post(courseBody(), "Prefer", "wait=1");

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.headers().firstValue("Preference-Applied")).contains("wait=1");
      assertThat(json(response).at("/data/status").asText()).isEqualTo("pending");
    }

    @Test
    void updating_queuesAFullReplacement() {
      Course algebra = service.add(course("Algebra"));

      HttpResponse<String> response = put(algebra.id().value(), courseBody());

      assertThat(response.statusCode()).isEqualTo(202);
      CourseCommand.Update update = (CourseCommand.Update) service.accepted.get(0);
      assertThat(update.courseId()).isEqualTo(algebra.id());
      assertThat(update.fields().studentIds()).containsExactly(ADA);
      assertThat(json(response).at("/data/id").asText()).isEqualTo(algebra.id().value());
    }

    @Test
    void updatingAndWaiting_answers200WithTheCourse() {
      Course algebra = service.add(course("Algebra"));
      service.onAccept(service::applyNow);

      HttpResponse<String> response = put(algebra.id().value(), courseBody(), "Prefer", "wait=5");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).at("/data/description").asText())
          .isEqualTo("Groups, rings and fields");
    }

    @Test
    void updatingAndWaiting_forACourseDeletedMeanwhile_answers404() {
      Course algebra = service.add(course("Algebra"));
      service.onAccept(command -> service.reject(command, Rejection.notFound("deleted")));

      assertProblem(put(algebra.id().value(), courseBody(), "Prefer", "wait=5"), 404);
    }

    @Test
    void updatingAnUnknownCourse_isA404AndQueuesNothing() {
      assertProblem(put(CourseId.next().value(), courseBody()), 404);
      assertThat(service.accepted).isEmpty();
    }

    @Test
    void deleting_answers202_andWithWait204() {
      Course algebra = service.add(course("Algebra"));
      HttpResponse<String> queued = client.delete("/api/courses/" + algebra.id());
      assertThat(queued.statusCode()).isEqualTo(202);
      assertThat(service.accepted.get(0)).isInstanceOf(CourseCommand.Delete.class);

      service.onAccept(service::applyNow);
      HttpResponse<String> waited =
          client.delete("/api/courses/" + algebra.id(), "Prefer", "wait=5");
      assertThat(waited.statusCode()).isEqualTo(204);
      assertThat(waited.body()).isEmpty();
      assertThat(service.courses).doesNotContainKey(algebra.id());
    }

    @Test
    void deletingAnUnknownCourse_isA404_andAMalformedId_aA400() {
      assertProblem(client.delete("/api/courses/" + CourseId.next()), 404);
      assertProblem(client.delete("/api/courses/xyz"), 400);
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
      assertProblem(client.send("POST", "/api/courses", "{\"name\": \"Alg"), 400);
      assertProblem(client.send("POST", "/api/courses", ""), 400);
      assertProblem(client.send("POST", "/api/courses", "[]"), 400);
      assertProblem(client.send("POST", "/api/courses", "{} {}"), 400);
    }

    @Test
    void aWrongType_isA400NamingTheField() {
      Map<String, Object> body = courseBody();
      body.put("name", 42);
      assertRefusedNaming(body, "name");

      body = courseBody();
      body.put("student_ids", ADA.toString());
      assertRefusedNaming(body, "student_ids");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "description", "discipline", "teacher"})
    void aMissingField_isA400NamingIt(String field) {
      Map<String, Object> body = courseBody();
      body.remove(field);
      assertRefusedNaming(body, field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "description", "discipline", "teacher"})
    void anOutOfRangeField_isA400NamingIt(String field) {
      Map<String, Object> body = courseBody();
      body.put(field, "ab");
      assertRefusedNaming(body, field);

      body.put(field, "x".repeat(201));
      assertRefusedNaming(body, field);
    }

    @Test
    void moreThan60Students_orAMalformedStudentId_isA400NamingStudentIds() {
      List<String> students = new ArrayList<>();
      IntStream.range(0, 61).forEach(i -> students.add(UUID.randomUUID().toString()));
      Map<String, Object> body = courseBody();
      body.put("student_ids", students);
      assertRefusedNaming(body, "student_ids");

      body.put("student_ids", List.of("not-a-uuid"));
      assertRefusedNaming(body, "student_ids");
    }

    @Test
    void anUnknownField_isA400NamingIt() {
      Map<String, Object> body = courseBody();
      body.put("room", "B12");

      HttpResponse<String> response = post(body);

      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo("room");
      assertThat(json(response).get("detail").asText()).contains("room");
    }

    @Test
    void aBodyOver64KiB_isA413() {
      Map<String, Object> body = courseBody();
      body.put("description", "x".repeat(70 * 1024));

      assertProblem(post(body), 413);
    }

    @Test
    void aNonJsonContentType_isA415() {
      assertProblem(
          client.send("POST", "/api/courses", write(courseBody()), "Content-Type", "text/plain"),
          415);
    }

    @Test
    void aMalformedIdOnUpdate_isA400NamingId() {
      HttpResponse<String> response = put("12345", courseBody());

      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo("id");
    }

    @Test
    void aBadBodyOnUpdate_isA400() {
      Course algebra = service.add(course("Algebra"));
      Map<String, Object> body = courseBody();
      body.put("teacher", null);

      HttpResponse<String> response = put(algebra.id().value(), body);

      assertProblem(response, 400);
      assertThat(json(response).get("field").asText()).isEqualTo("teacher");
    }
  }
}
