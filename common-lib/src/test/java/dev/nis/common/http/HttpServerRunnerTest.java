package dev.nis.common.http;

import static dev.nis.common.http.HttpTestClient.json;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.ValidationException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class HttpServerRunnerTest {
  record Thing(String name) {}

  private final CountDownLatch slowEntered = new CountDownLatch(1);
  private final CountDownLatch slowRelease = new CountDownLatch(1);
  private HttpServerRunner server;
  private HttpTestClient client;

  @BeforeEach
  void start() throws Exception {
    HttpRouter router =
        new HttpRouter()
            .get(
                "/ids",
                request ->
                    Response.data(
                        200,
                        Map.of(
                            "mdc", MDC.get(RequestId.MDC_KEY), "request_id", request.requestId())))
            .get(
                "/boom",
                request -> {
                  throw new IllegalStateException("password=hunter2 at db-7");
                })
            .get(
                "/down",
                request -> {
                  throw new DependencyUnavailableException("nats", "connection refused");
                })
            .get(
                "/missing",
                request -> {
                  throw new dev.nis.common.application.NotFoundException("no such course");
                })
            .get(
                "/invalid",
                request -> {
                  throw new ValidationException("name", "is required");
                })
            .post("/things", request -> Response.data(201, request.readJson(Thing.class)))
            .get(
                "/items",
                request -> {
                  PageRequest page = PageQuery.from(request);
                  return Response.data(200, Map.of("limit", page.limit()));
                })
            .get("/text", request -> Response.text(200, "text/plain; charset=utf-8", "hello"))
            .get(
                "/slow",
                request -> {
                  slowEntered.countDown();
                  try {
                    slowRelease.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return Response.data(200, "done");
                });
    server = HttpServerRunner.start(0, router);
    client = new HttpTestClient(server.port());
  }

  @AfterEach
  void stop() {
    slowRelease.countDown();
    server.stop();
  }

  record Stored(String name) implements java.io.Serializable {}

  /**
   * The embedded MongoDB's H2 file holds Java-serialized documents: Helidon must not refuse them.
   */
  @Test
  void aRunningServer_leavesJavaDeserializationAsItWas() throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(new Stored("x"));
    }

    try (var in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(new Stored("x"));
    }
  }

  @Test
  void theCallersRequestId_isInTheMdcAndEchoed() {
    HttpResponse<String> response = client.get("/ids", "X-Request-ID", "kong-123");

    assertThat(response.headers().firstValue("X-Request-ID")).contains("kong-123");
    assertThat(json(response).at("/data/mdc").asText()).isEqualTo("kong-123");
    assertThat(json(response).at("/data/request_id").asText()).isEqualTo("kong-123");
  }

  @Test
  void withoutARequestId_oneIsGeneratedAndEchoed() {
    HttpResponse<String> response = client.get("/ids");

    String id = response.headers().firstValue("X-Request-ID").orElseThrow();
    assertThat(id).isNotBlank();
    assertThat(json(response).at("/data/mdc").asText()).isEqualTo(id);
  }

  @Test
  void anUnexpectedException_isA500WithoutItsText() {
    HttpResponse<String> response = client.get("/boom", "X-Request-ID", "r-500");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(response.body())
        .doesNotContain("hunter2", "IllegalStateException", "at dev.", "db-7");
    assertThat(json(response).get("title").asText()).isEqualTo("Internal Server Error");
    assertThat(json(response).get("request_id").asText()).isEqualTo("r-500");
    assertThat(json(response).get("instance").asText()).isEqualTo("/boom");
  }

  @Test
  void anUnavailableDependency_isA503WithRetryAfter() {
    HttpResponse<String> response = client.get("/down");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(response.body()).doesNotContain("connection refused");
  }

  @Test
  void aPeersNotFound_isA404Problem() {
    HttpResponse<String> response = client.get("/missing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(response.body()).contains("no such course");
  }

  @Test
  void aValidationException_isA400NamingTheField() {
    HttpResponse<String> response = client.get("/invalid");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("field").asText()).isEqualTo("name");
  }

  @Test
  void aJsonBody_isReadAndAnsweredInTheDataEnvelope() {
    HttpResponse<String> response = client.send("POST", "/things", "{\"name\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body()).isEqualTo("{\"data\":{\"name\":\"x\"}}");
  }

  @Test
  void anUnknownField_isA400NamingIt() {
    HttpResponse<String> response = client.send("POST", "/things", "{\"name\":\"x\",\"nme\":1}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("field").asText()).isEqualTo("nme");
  }

  @Test
  void anotherContentType_isA415() {
    HttpResponse<String> response =
        client.send("POST", "/things", "name=x", "Content-Type", "text/plain");

    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void aBodyOver64KiB_isA413() {
    String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";

    HttpResponse<String> response = client.send("POST", "/things", big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("status").asInt()).isEqualTo(413);
  }

  @Test
  void aBodyOfAMegabyte_isA413EveryTime_andTheConnectionIsNotReused() {
    String big = "{\"name\":\"" + "x".repeat(1000 * 1000) + "\"}";

    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response = client.send("POST", "/things", big);
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(client.get("/ids").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBodyOf64KiB_isRead() {
    String body = "{\"name\":\"" + "x".repeat(64 * 1024 - 11) + "\"}";
    assertThat(body).hasSize(64 * 1024);

    assertThat(client.send("POST", "/things", body).statusCode()).isEqualTo(201);
  }

  @Test
  void aDeclaredLengthOver64KiB_isA413BeforeTheBodyIsSent() throws Exception {
    try (Socket socket = new Socket("localhost", server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /things HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 100000000\r\n\r\n")
              .getBytes(US_ASCII));
      out.flush();

      var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII));
      assertThat(in.readLine()).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void unknownPaths_andMethods_areProblems() {
    HttpResponse<String> notFound = client.get("/nothing");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.headers().firstValue("Content-Type")).contains("application/problem+json");

    HttpResponse<String> notAllowed = client.delete("/things");
    assertThat(notAllowed.statusCode()).isEqualTo(405);
    assertThat(notAllowed.headers().firstValue("Allow")).contains("OPTIONS, POST");
  }

  @Test
  void badPageParameters_areA400NamingThem() {
    assertThat(json(client.get("/items?limit=5")).at("/data/limit").asInt()).isEqualTo(5);
    assertThat(json(client.get("/items")).at("/data/limit").asInt()).isEqualTo(100);
    // %EF%BC%95 is a fullwidth 5, %D9%A1 an Arabic-Indic 1: digits to Character.isDigit
    for (String query :
        new String[] {
          "limit=0",
          "limit=1001",
          "limit=x",
          "limit=-1",
          "limit=",
          "limit=%EF%BC%95",
          "limit=%D9%A1"
        }) {
      HttpResponse<String> response = client.get("/items?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(json(response).get("field").asText()).isEqualTo("limit");
    }
    assertThat(json(client.get("/items?cursor=nope")).get("field").asText()).isEqualTo("cursor");
  }

  @Test
  void head_answersWithoutABody() {
    HttpResponse<String> response =
        client.send(client.request("/text").method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void stop_waitsForRequestsInFlight_andThenRefusesConnections() throws Exception {
    CompletableFuture<HttpResponse<String>> slow =
        CompletableFuture.supplyAsync(() -> client.get("/slow"));
    assertThat(slowEntered.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop());
    Thread.sleep(300);
    assertThat(stopping).isNotDone();

    slowRelease.countDown();
    assertThat(slow.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    stopping.get(3, TimeUnit.SECONDS);
    assertThatThrownBy(() -> client.get("/ids")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void stop_whenIdle_returnsPromptly() {
    long started = System.nanoTime();

    server.stop();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }
}
