package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nis.common.tracing.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a client that does not speak proper HTTP/1.1 gets: every error the server finds itself is an
 * RFC 9457 problem ({@code application/problem+json}) with a detail saying what was wrong and an
 * {@code X-Request-ID}, never text/html or a stack trace.
 */
class HttpProtocolErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST = "Host: localhost\r\n";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private HttpServerRunner server;

  @BeforeEach
  void start() {
    HttpRouter router =
        new HttpRouter()
            .get("/things", request -> Response.data(200, "ok"))
            .post("/things", request -> Response.data(201, request.readJson(Map.class)));
    server =
        HttpServerRunner.start(
            0,
            router,
            new HttpLimits(
                4096,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(75),
                64,
                64),
            Duration.ofSeconds(1),
            Tracing.off(),
            HttpMeters.of(registry, "test"));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  static Stream<Arguments> protocolErrors() {
    return Stream.of(
        Arguments.of("a request line without a target", "GARBAGE\r\n\r\n", 400, "request line"),
        Arguments.of(
            "a request line without a version", "GET /things\r\n" + HOST + "\r\n", 400, "request"),
        Arguments.of("another protocol", "GET /things SPDY/3\r\n" + HOST + "\r\n", 400, "HTTP/1.1"),
        Arguments.of(
            "braces in the target", "GET /things/{x} HTTP/1.1\r\n" + HOST + "\r\n", 400, "target"),
        Arguments.of(
            "a space in the target",
            "GET /th ings HTTP/1.1\r\n" + HOST + "\r\n",
            400,
            "request line"),
        Arguments.of("no Host on HTTP/1.1", "GET /things HTTP/1.1\r\n\r\n", 400, "Host"),
        Arguments.of(
            "two Host headers",
            "GET /things HTTP/1.1\r\n" + HOST + HOST + "\r\n",
            400,
            "single Host"),
        Arguments.of(
            "a header without a colon",
            "GET /things HTTP/1.1\r\n" + HOST + "no colon here\r\n\r\n",
            400,
            "colon"),
        Arguments.of(
            "a header block over the limit",
            "GET /things HTTP/1.1\r\n" + HOST + "X-Big: " + "x".repeat(5000) + "\r\n\r\n",
            431,
            "4096 bytes"),
        Arguments.of(
            "a request line over the limit",
            "GET /" + "x".repeat(9000) + " HTTP/1.1\r\n" + HOST + "\r\n",
            414,
            "8192 bytes"),
        Arguments.of("HTTP/1.0", "GET /things HTTP/1.0\r\n\r\n", 505, "HTTP/1.1"),
        Arguments.of(
            "a Content-Length that is no number",
            "POST /things HTTP/1.1\r\n" + HOST + "Content-Length: ten\r\n\r\n",
            400,
            "Content"),
        Arguments.of(
            "Content-Length beside chunked",
            "POST /things HTTP/1.1\r\n"
                + HOST
                + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            400,
            "Transfer-Encoding"),
        Arguments.of(
            "a transfer coding other than chunked",
            "POST /things HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip, chunked\r\n\r\n",
            501,
            "Transfer-Encoding"),
        Arguments.of(
            "a body declared over the drained limit",
            "POST /things HTTP/1.1\r\n"
                + HOST
                + "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n",
            413,
            "65536 bytes"),
        Arguments.of(
            "a method that is not a token", "G{T /things HTTP/1.1\r\n" + HOST + "\r\n", 400, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protocolErrors")
  void eachProtocolError_isAProblemWithARequestId(
      String what, String request, int status, String detailMentions) throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer = http.send(request).read();

      assertThat(answer.status()).as(what).isEqualTo(status);
      assertIsProblem(answer, status);
      assertThat(problem(answer).get("detail").asText()).contains(detailMentions);
      assertThat(RefusedCounts.of(registry, status))
          .as("%s counted in nis_http_requests_refused_total", what)
          .isEqualTo(1);
    }
  }

  static Stream<Arguments> routerErrors() {
    return Stream.of(
        Arguments.of(
            "a method HTTP does not define",
            "BREW /things HTTP/1.1\r\n" + HOST + "\r\n",
            501,
            "BREW"),
        Arguments.of(
            "a raw non-ASCII target",
            "GET /caf\u00e9 HTTP/1.1\r\n" + HOST + "\r\n",
            400,
            "percent-encoded"),
        Arguments.of(
            "a target in no form of HTTP's",
            "GET things HTTP/1.1\r\n" + HOST + "\r\n",
            400,
            "target"),
        Arguments.of(
            "the asterisk form with another method than OPTIONS (RFC 9112, section 3.2.4)",
            "GET * HTTP/1.1\r\n" + HOST + "\r\n",
            400,
            "OPTIONS only"),
        Arguments.of(
            "a Content-Type of parameters without a type (it was a 500)",
            "POST /things HTTP/1.1\r\n" + HOST + "Content-Type: ;;;\r\nContent-Length: 2\r\n\r\n{}",
            415,
            "application/json"));
  }

  /** The router's answers (as its 404 and 405 are): counted with the calls, not as refusals. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("routerErrors")
  void eachRouterError_isAProblem_notCountedAsARefusal(
      String what, String request, int status, String detailMentions) throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer = http.send(request.getBytes(StandardCharsets.UTF_8)).read();

      assertThat(answer.status()).as(what).isEqualTo(status);
      assertIsProblem(answer, status);
      assertThat(problem(answer).get("detail").asText()).contains(detailMentions);
      assertThat(RefusedCounts.all(registry)).isZero();
    }
  }

  /** RFC 9112, section 3.2.2: "a server MUST accept the absolute-form in requests". */
  @Test
  void aTargetInAbsoluteForm_isServedAsItsPath_withItsQuery() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer =
          http.send("GET http://localhost:8081/things?x=1 HTTP/1.1\r\n" + HOST + "\r\n").read();
      RawHttp.Answer posted =
          http.send(
                  "POST HTTP://Localhost/things HTTP/1.1\r\n"
                      + HOST
                      + "Content-Type: application/json\r\nContent-Length: 9\r\n\r\n"
                      + "{\"a\":\"b\"}")
              .read();

      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      assertThat(answer.body()).contains("ok");
      assertThat(posted.status()).as(posted.body()).isEqualTo(201);
    }
  }

  /** RFC 9112, section 3.2.4: {@code OPTIONS *} asks about the server as a whole. */
  @Test
  void optionsAsterisk_answersEveryMethodTheServerServes() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer options = http.send("OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n").read();

      assertThat(options.status()).as(options.body()).isEqualTo(204);
      assertThat(options.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
    }
  }

  @Test
  void theCallersRequestId_isEchoedOnAProtocolError() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer =
          http.send("GET /things HTTP/1.1\r\nX-Request-ID: kong-7\r\n\r\n").read();

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.header("X-Request-ID")).isEqualTo("kong-7");
    }
  }

  @Test
  void expect100_withABodyDeclaredOverTheServersLimit_is413WithoutContinue() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer =
          http.send(
                  "POST /things HTTP/1.1\r\n"
                      + HOST
                      + "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                      + "Content-Length: 100000000\r\n\r\n")
              .read();

      assertThat(answer.statusLine()).startsWith("HTTP/1.1 413");
      assertIsProblem(answer, 413);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void expect100_withABodyOverTheJsonLimit_is413WithoutContinue_andTheConnectionCloses()
      throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer =
          http.send(
                  "POST /things HTTP/1.1\r\n"
                      + HOST
                      + "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                      + "Content-Length: 100000\r\n\r\n")
              .read();

      assertThat(answer.statusLine()).startsWith("HTTP/1.1 413");
      assertIsProblem(answer, 413);
      assertThat(problem(answer).get("instance").asText()).isEqualTo("/things");
      assertThat(answer.header("Connection")).isEqualTo("close");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void expect100_withAnAcceptableBody_getsContinueAndThenTheAnswer() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(
          "POST /things HTTP/1.1\r\n"
              + HOST
              + "Content-Type: application/json\r\nExpect: 100-continue\r\n"
              + "Content-Length: 9\r\n\r\n");
      assertThat(http.read().status()).isEqualTo(100);

      RawHttp.Answer answer = http.send("{\"a\":\"b\"}").read();

      assertThat(answer.status()).isEqualTo(201);
      assertThat(answer.body()).isEqualTo("{\"data\":{\"a\":\"b\"}}");
    }
  }

  @Test
  void aBrokenChunk_isA400Problem() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer =
          http.send(
                  "POST /things HTTP/1.1\r\n"
                      + HOST
                      + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + "zz\r\n{}\r\n0\r\n\r\n")
              .read();

      assertThat(answer.status()).isEqualTo(400);
      assertIsProblem(answer, 400);
    }
  }

  @Test
  void aConnectionStaysUsable_afterARouteLeftABodyUnread() throws Exception {
    String body = "{\"a\":\"" + "x".repeat(70_000) + "\"}";
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer tooLarge =
          http.send(
                  "POST /things HTTP/1.1\r\n"
                      + HOST
                      + "Content-Type: application/json\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
              .read();
      assertThat(tooLarge.status()).isEqualTo(413);

      RawHttp.Answer next = http.send("GET /things HTTP/1.1\r\n" + HOST + "\r\n").read();

      assertThat(next.status()).isEqualTo(200);
    }
  }

  /** RFC 9112, section 9.6: the close option makes the request the connection's last. */
  @ParameterizedTest(name = "Connection: {0}")
  @ValueSource(strings = {"close", "Close", "keep-alive, close"})
  void aRequestThatAsksToClose_isAnswered_thenItsConnectionCloses(String connection)
      throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer =
          http.send(
                  "GET /things HTTP/1.1\r\n"
                      + HOST
                      + "Connection: "
                      + connection
                      + "\r\n\r\nGET /things HTTP/1.1\r\n"
                      + HOST
                      + "\r\n")
              .read();

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Connection")).isEqualTo("close");
      assertThat(http.closedByServer()).as("the second request is not answered").isTrue();
    }
  }

  @Test
  void aRequestWithoutTheCloseOption_keepsItsConnection() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer first =
          http.send("GET /things HTTP/1.1\r\n" + HOST + "Connection: keep-alive\r\n\r\n").read();
      RawHttp.Answer second = http.send("GET /things HTTP/1.1\r\n" + HOST + "\r\n").read();

      assertThat(first.header("Connection")).isNull();
      assertThat(second.status()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/caf\u00e9", "things", "ftp:/x"})
  void aTargetTheRouterRefuses_closesTheConnection_asTheServersOwnRefusalsDo(String target)
      throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer =
          http.send(
                  ("GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n")
                      .getBytes(StandardCharsets.UTF_8))
              .read();

      assertThat(answer.status()).isEqualTo(400);
      assertThat(problem(answer).get("detail").asText()).contains("target");
      assertThat(answer.header("Connection")).isEqualTo("close");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  /** RFC 9110, sections 15.5.16 and 12.5.3: a content coding the server does not decode. */
  @ParameterizedTest(name = "Content-Encoding: {0}")
  @ValueSource(strings = {"gzip", "br", "identity"})
  void aContentEncoding_is415_sayingWhichCodingIsAccepted(String coding) throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer =
          http.send(
                  "POST /things HTTP/1.1\r\n"
                      + HOST
                      + "Content-Type: application/json\r\nContent-Encoding: "
                      + coding
                      + "\r\nContent-Length: 2\r\n\r\n{}")
              .read();

      assertIsProblem(answer, 415);
      assertThat(problem(answer).get("detail").asText()).contains("Content-Encoding");
      assertThat(answer.header("Accept-Encoding")).isEqualTo("identity");
      assertThat(RefusedCounts.of(registry, 415)).isEqualTo(1);
    }
  }

  /** Helidon 4.5 reads no chunk extensions and no trailer fields; the 400 says so. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2;ext=1\r\n{}\r\n0\r\n\r\n", "2\r\n{}\r\n0\r\nX-Sum: 1\r\n\r\n"})
  void chunkExtensionsAndTrailers_areA400ThatNamesThem(String chunks) throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Answer answer =
          http.send(
                  "POST /things HTTP/1.1\r\n"
                      + HOST
                      + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + chunks)
              .read();

      assertIsProblem(answer, 400);
      assertThat(problem(answer).get("detail").asText())
          .isEqualTo(Request.CHUNKS_UNREADABLE)
          .contains("chunk extensions", "trailer fields");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  private static void assertIsProblem(RawHttp.Answer answer, int status) throws Exception {
    // the status line's reason phrase is the problem's title: Helidon's own for 431 was "431"
    assertThat(answer.statusLine())
        .isEqualTo("HTTP/1.1 " + status + " " + HttpStatus.reasonPhrase(status));
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.header("X-Request-ID")).isNotBlank();
    JsonNode problem = problem(answer);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isEqualTo(HttpStatus.reasonPhrase(status));
    assertThat(problem.get("detail").asText()).isNotBlank();
    assertThat(answer.body()).doesNotContain("Exception", "\tat ", "<html");
  }

  private static JsonNode problem(RawHttp.Answer answer) throws Exception {
    return JSON.readTree(answer.body());
  }
}
