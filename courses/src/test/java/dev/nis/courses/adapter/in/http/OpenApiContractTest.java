package dev.nis.courses.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.testing.openapi.OpenApiContract;
import dev.nis.common.testing.openapi.OpenApiContract.Exchange;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checker that holds every test exchange to the document finds departures: without this, the
 * route and end-to-end tests passing would say nothing about the document.
 */
class OpenApiContractTest {
  private static final OpenApiContract COURSES = OpenApiContract.of("courses").orElseThrow();
  private static final String ID = "65f1c0a52c1e4a539a550c2b";
  private static final String OP = "0e6fb1d2-3a4b-4c5d-8e9f-a0b1c2d3e4f5";
  private static final Map<String, List<String>> JSON =
      Map.of("Content-Type", List.of("application/json"));
  private static final Map<String, List<String>> PROBLEM =
      Map.of("Content-Type", List.of("application/problem+json"));
  private static final String BODY =
      "{\"name\":\"Algebra\",\"description\":\"Groups\",\"discipline\":\"Maths\",\"teacher\":\"Noether\"}";

  private static List<String> check(
      String method,
      String target,
      String requestBody,
      int status,
      Map<String, List<String>> headers,
      String body) {
    return COURSES.violations(
        new Exchange(
            method, URI.create("http://h" + target), JSON, requestBody, status, headers, body));
  }

  @Test
  void aPageAsDocumented_keepsToIt() {
    assertThat(
            check(
                "GET",
                "/api/courses?limit=5",
                null,
                200,
                JSON,
                "{\"data\":[],\"next_cursor\":null}"))
        .isEmpty();
  }

  @Test
  void aCourseWithoutItsFields_departs() {
    assertThat(
            check(
                "GET", "/api/courses/" + ID, null, 200, JSON, "{\"data\":{\"id\":\"" + ID + "\"}}"))
        .isNotEmpty();
  }

  @Test
  void anAcceptedBodyTheSchemaRefuses_departs() {
    String accepted =
        "{\"data\":{\"id\":\"" + ID + "\",\"operation_id\":\"" + OP + "\",\"status\":\"pending\"}}";
    assertThat(check("POST", "/api/courses", BODY, 202, JSON, accepted)).isEmpty();
    assertThat(check("POST", "/api/courses", "{\"name\":\"Algebra\"}", 202, JSON, accepted))
        .anyMatch(v -> v.contains("request body"));
    assertThat(check("POST", "/api/courses", BODY, 202, JSON, accepted.replace("pending", "done")))
        .anyMatch(v -> v.contains("response body"));
  }

  @Test
  void aRefusedRequest_isNotHeldToTheRequestSchema_butItsProblemIs() {
    assertThat(
            check(
                "POST",
                "/api/courses",
                "{\"name\":1}",
                400,
                PROBLEM,
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400}"))
        .isEmpty();
    assertThat(
            check(
                "POST",
                "/api/courses",
                "{\"name\":1}",
                400,
                PROBLEM,
                "{\"title\":\"Bad Request\"}"))
        .isNotEmpty();
    assertThat(
            check(
                "POST",
                "/api/courses",
                "{\"name\":1}",
                400,
                Map.of("Content-Type", List.of("text/html")),
                "<p>bad</p>"))
        .isNotEmpty();
  }

  @Test
  void aPathOrMethodTheDocumentLacks_departsWhenServed() {
    assertThat(check("GET", "/api/courses/" + ID + "/teachers", null, 200, JSON, "{}"))
        .isNotEmpty();
    assertThat(check("PATCH", "/api/courses/" + ID, null, 200, JSON, "{}")).isNotEmpty();
    assertThat(
            check(
                "GET",
                "/api/courses/" + ID + "/teachers",
                null,
                404,
                PROBLEM,
                "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}"))
        .isEmpty();
  }

  @Test
  void aMalformedIdAccepted_orABadResponseHeader_departs() {
    assertThat(check("GET", "/api/courses/not-an-id", null, 200, JSON, "{}"))
        .anyMatch(v -> v.contains("path parameter id"));
    Map<String, List<String>> spaced =
        Map.of("Content-Type", List.of("application/json"), "X-Request-ID", List.of("a b"));
    assertThat(
            check("GET", "/api/courses", null, 200, spaced, "{\"data\":[],\"next_cursor\":null}"))
        .anyMatch(v -> v.contains("X-Request-ID"));
  }

  @Test
  void theOperationsLiteral_winsOverTheId() {
    String operation =
        "{\"data\":{\"id\":\""
            + OP
            + "\",\"status\":\"applied\",\"entity_id\":\""
            + ID
            + "\",\"action\":\"create\",\"updated_at\":\"2026-11-30T14:00:00Z\"}}";
    assertThat(check("GET", "/api/courses/operations/" + OP, null, 200, JSON, operation)).isEmpty();
  }

  @Test
  void theApiIsHeldToItsDocument_aBenchmarkRouteOutsideItIsNot() {
    assertThat(OpenApiContract.forPath("/api/courses/" + ID)).contains(COURSES);
    assertThat(OpenApiContract.forPath("/api/docs/swagger-ui.css")).contains(COURSES);
    assertThat(OpenApiContract.forPath("/metrics")).contains(COURSES);
    assertThat(OpenApiContract.forPath(CeilingRoutes.PATH)).isEmpty();
  }

  @Test
  void anUpperCaseIdInThePath_isAcceptedAsTheServiceAcceptsIt() {
    String course =
        "{\"data\":{\"id\":\""
            + ID
            + "\",\"name\":\"Algebra\",\"description\":\"Groups\","
            + "\"discipline\":\"Maths\",\"teacher\":\"Noether\",\"student_ids\":[]}}";
    assertThat(check("GET", "/api/courses/" + ID.toUpperCase(), null, 200, JSON, course)).isEmpty();
  }
}
