package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.domain.ValidationException;
import dev.nis.common.tracing.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The problems routes answer are counted by route template and status; the answers that succeed,
 * and the requests the server refuses before routing, are not.
 */
class ProblemResponsesTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private HttpServerRunner server;
  private HttpTestClient client;

  @BeforeEach
  void start() {
    HttpRouter router =
        new HttpRouter()
            .get(
                "/items/{id}",
                request -> {
                  if (request.pathParam("id").equals("bad")) {
                    throw new ValidationException("id", "is not an item id");
                  }
                  return Response.data(200, "ok");
                });
    server =
        HttpServerRunner.start(
            0,
            router,
            HttpLimits.DEFAULTS,
            Duration.ofSeconds(1),
            Tracing.off(),
            HttpMeters.of(registry, "test"));
    client = new HttpTestClient(server.port());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private double counted(String method, String route, int status) {
    Counter counter =
        registry
            .find(ProblemResponses.NAME)
            .tags("service", "test", "method", method, "route", route)
            .tag("status", Integer.toString(status))
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aRoutesProblem_isCountedByItsTemplate_andASuccessIsNot() {
    assertThat(client.get("/items/ok").statusCode()).isEqualTo(200);
    assertThat(client.get("/items/bad").statusCode()).isEqualTo(400);
    assertThat(client.get("/items/bad").statusCode()).isEqualTo(400);

    assertThat(counted("GET", "/items/{id}", 400)).isEqualTo(2);
    assertThat(registry.find(ProblemResponses.NAME).counters()).hasSize(1);
  }

  @Test
  void pathsThatMatchNoRoute_shareOneSeries() {
    assertThat(client.get("/nothing/here").statusCode()).isEqualTo(404);
    assertThat(client.get("/elsewhere").statusCode()).isEqualTo(404);
    assertThat(client.delete("/items/ok").statusCode()).isEqualTo(405);

    assertThat(counted("GET", ProblemResponses.UNMATCHED, 404)).isEqualTo(2);
    assertThat(counted("DELETE", ProblemResponses.UNMATCHED, 405)).isEqualTo(1);
  }

  @Test
  void aMethodOutsideTheStandardOnes_isTaggedOther() {
    ProblemResponses problems = new ProblemResponses(registry, "test");

    problems.count("BREW", "/items/{id}", 405);
    problems.count("GET", "/items/{id}", 204);

    assertThat(counted("other", "/items/{id}", 405)).isEqualTo(1);
    assertThat(registry.find(ProblemResponses.NAME).counters()).hasSize(1);
  }
}
