package dev.nis.common.http;

import dev.nis.common.tracing.Tracing;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one Helidon route of the server: sets the request id (MDC and {@code X-Request-ID} response
 * header), traces the request (a server span, {@link ServerSpans}), finds the route in the {@link
 * HttpRouter}, turns failures into problems and writes the response. Helidon reads the request,
 * drains a body the route left unread and keeps the connection alive; this class only decides the
 * answer.
 */
final class RouteDispatcher implements Handler {
  static final HeaderName REQUEST_ID = HeaderNames.create(RequestId.HEADER);
  private static final Logger log = LoggerFactory.getLogger(RouteDispatcher.class);

  private final HttpRouter router;
  private final JsonCodec json;
  private final BodyDeadlines bodies;
  private final ServerSpans spans;
  private final ProblemResponses problems;
  private volatile boolean stopping;

  /**
   * The Content-Type headers, built once per type: the types are the routes' constants (JSON,
   * problem details, text), not anything a client sends.
   */
  private static final Map<String, Header> CONTENT_TYPES = new ConcurrentHashMap<>();

  /** The streams being written, told to end when the server stops. */
  private final Set<ResponseStream> streams = ConcurrentHashMap.newKeySet();

  RouteDispatcher(
      HttpRouter router,
      JsonCodec json,
      Tracing tracing,
      BodyDeadlines bodies,
      ProblemResponses problems) {
    this.router = router;
    this.problems = problems;
    this.json = json;
    this.bodies = bodies;
    this.spans = new ServerSpans(tracing);
  }

  /** From now on every answer says {@code Connection: close}: the server is about to stop. */
  void stopping() {
    stopping = true;
    streams.forEach(ResponseStream::stop);
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    String requestId = RequestId.fromHeader(req.headers().first(REQUEST_ID).orElse(null));
    MDC.put(RequestId.MDC_KEY, requestId);
    long started = System.nanoTime();
    String method = req.prologue().method().text();
    String path = HttpRouter.pathOf(req.prologue().uriPath().rawPath());
    Span span = spans.start(req, method, path, requestId);
    try (Scope scope = span.makeCurrent()) {
      Response response = respond(req, method, path, requestId, span);
      ServerSpans.answered(span, response.status());
      if (response.body() instanceof Response.Body.Streamed(ResponseStream stream)) {
        stream(req, res, response, stream, requestId);
        return;
      }
      Rendered rendered = render(response, path, requestId);
      if (rendered.status() != response.status()) {
        ServerSpans.answered(span, rendered.status());
      }
      if (rendered.status() >= 400) {
        problems.count(method, templateOf(method, path), rendered.status());
      }
      boolean close = stopping || rendered.closes() || asksToClose(req) || mayStillSendItsBody(req);
      write(req, res, rendered, requestId, close);
      log.debug(
          "{} {} {} in {} ms",
          method,
          path,
          rendered.status(),
          (System.nanoTime() - started) / 1_000_000);
      if (close) {
        // Helidon keeps a connection open after a response that says close; this ends it.
        throw new CloseConnectionException("answered with Connection: close");
      }
    } finally {
      span.end();
      MDC.remove(RequestId.MDC_KEY);
    }
  }

  private Response respond(
      ServerRequest req, String method, String path, String requestId, Span span) {
    try {
      HttpRouter.RouteMatch match = router.match(method, path);
      ServerSpans.routed(span, method, match.template());
      return match
          .handler()
          .handle(new Request(req, path, match.pathParams(), requestId, json, bodies));
    } catch (Exception | StackOverflowError e) {
      return ExceptionProblems.toResponse(e, requestId);
    }
  }

  /**
   * The template of the route that {@code method} and {@code path} match, or null when none does;
   * matched again here, on the way out of a problem only, so that the answers that succeed carry
   * nothing more through {@link #respond}.
   */
  private String templateOf(String method, String path) {
    try {
      return router.match(method, path).template();
    } catch (RuntimeException unmatched) {
      return null;
    }
  }

  /**
   * Sends the status and headers, then lets the stream write the body on this (virtual) thread; a
   * stop of the server asks it to end ({@link #stopping}). A body the stream ended is completed
   * (the last chunk, RFC 9112 §7.1) before the connection closes, as a stream ends when one side is
   * done with it.
   */
  private void stream(
      ServerRequest req,
      ServerResponse res,
      Response response,
      ResponseStream stream,
      String requestId) {
    try (stream) {
      streams.add(stream);
      if (stopping) {
        stream.stop();
      }
      res.status(HttpStatus.helidon(response.status()));
      res.header(REQUEST_ID, requestId);
      response.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
      res.header(HeaderValues.CONNECTION_CLOSE);
      if (req.prologue().method() == Method.HEAD) {
        res.send();
      } else {
        stream.writeTo(res);
        complete(res);
      }
      log.debug("stream {} ended", req.prologue().uriPath().rawPath());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // the client went away or the stream failed after its headers: nothing more to answer
      log.debug("stream {} ended: {}", req.prologue().uriPath().rawPath(), e.toString());
    } finally {
      streams.remove(stream);
    }
    throw new CloseConnectionException("the stream ended");
  }

  /**
   * Writes the last chunk of a streamed body. Helidon writes it when a handler returns, but not
   * when it throws {@link CloseConnectionException}, which a stream throws to close its connection:
   * without it the client sees the body cut off, not ended, and the JDK's HTTP client then drops
   * what it had received but not yet handed on (a stream's final event among it). Helidon's {@link
   * RoutingResponse#commit} is its documented way to end an output-stream body early.
   */
  private static void complete(ServerResponse res) {
    if (res instanceof RoutingResponse routing) {
      routing.commit();
    }
  }

  private Rendered render(Response response, String path, String requestId) {
    try {
      return Rendered.of(response, path, json);
    } catch (RuntimeException e) {
      return Rendered.of(ExceptionProblems.toResponse(e, requestId), path, json);
    }
  }

  /**
   * A request whose {@code Connection} header holds the {@code close} option is the last on its
   * connection: the server answers it and then closes (RFC 9112, section 9.6). Helidon echoes the
   * option in its answer but would read the next request all the same.
   */
  static boolean asksToClose(ServerRequest req) {
    // the header's presence first: on every request, and most never send it
    if (!req.headers().contains(HeaderNames.CONNECTION)) {
      return false;
    }
    for (String value : req.headers().get(HeaderNames.CONNECTION).allValues()) {
      for (String option : value.split(",")) {
        if (option.trim().equalsIgnoreCase("close")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A client that sent {@code Expect: 100-continue} and got a final answer without {@code 100
   * Continue} may send its body anyway or not (RFC 9110, section 10.1.1): the connection cannot
   * tell, so it is closed.
   */
  private static boolean mayStillSendItsBody(ServerRequest req) {
    // the body first: a GET has none, and looking for the token allocates its header's values
    return req.content().hasEntity()
        && !req.continueSent()
        && req.headers().containsToken(HeaderValues.EXPECT_100);
  }

  private static void write(
      ServerRequest req, ServerResponse res, Rendered rendered, String requestId, boolean close) {
    res.status(HttpStatus.helidon(rendered.status()));
    res.header(REQUEST_ID, requestId);
    rendered.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
    if (rendered.contentType() != null) {
      res.header(
          CONTENT_TYPES.computeIfAbsent(
              rendered.contentType(), type -> HeaderValues.create(HeaderNames.CONTENT_TYPE, type)));
    }
    if (close) {
      res.header(HeaderValues.CONNECTION_CLOSE);
    }
    if (req.prologue().method() == Method.HEAD) {
      // Helidon writes whatever it is given, HEAD or not: the GET route's length, no body.
      res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(rendered.body().length));
      res.send();
    } else {
      res.send(rendered.body());
    }
  }

  /**
   * A response turned into bytes, before anything is sent, so a failure can still be a 500. The
   * route's headers are kept as they are and the content type beside them (sent after them): a copy
   * of the map per response showed in a cached read's allocation.
   */
  private record Rendered(
      int status, Map<String, String> headers, String contentType, byte[] body) {
    private static final byte[] EMPTY = new byte[0];

    static Rendered of(Response response, String path, JsonCodec json) {
      int status = response.status();
      Map<String, String> headers = response.headers();
      return switch (response.body()) {
        case Response.Body.Json(Object value, String contentType) ->
            new Rendered(status, headers, contentType, json.write(value));
        case Response.Body.ProblemDetails(Problem problem) -> {
          Problem located =
              problem.instance() == null && ProtocolProblems.isPrintablePath(path)
                  ? problem.withInstance(path)
                  : problem;
          yield new Rendered(status, headers, Response.PROBLEM_JSON, json.write(located.members()));
        }
        case Response.Body.Text(String value, String contentType) ->
            new Rendered(status, headers, contentType, value.getBytes(StandardCharsets.UTF_8));
        case Response.Body.Bytes(byte[] value, String contentType) ->
            new Rendered(status, headers, contentType, value);
        case Response.Body.Empty() -> new Rendered(status, headers, null, EMPTY);
        case Response.Body.Streamed s ->
            throw new IllegalStateException("a streamed body is not rendered to bytes");
      };
    }

    /** A route asks to close the connection (e.g. a body whose framing broke while reading it). */
    boolean closes() {
      return "close".equalsIgnoreCase(headers.get("Connection"));
    }
  }
}
