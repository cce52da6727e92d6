package dev.nis.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one handler of the server: sets the request id (MDC and response header), routes, turns
 * failures into problems and writes the response. While the server drains, new requests get a 503.
 */
final class ExchangeDispatcher implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ExchangeDispatcher.class);
  private static final long MAX_DISCARDED_BYTES = 1024 * 1024;

  private final HttpRouter router;
  private final JsonCodec json;
  private final InFlightRequests inFlight;
  private volatile boolean draining;

  ExchangeDispatcher(HttpRouter router, JsonCodec json, InFlightRequests inFlight) {
    this.router = router;
    this.json = json;
    this.inFlight = inFlight;
  }

  void startDraining() {
    draining = true;
  }

  @Override
  public void handle(HttpExchange exchange) {
    inFlight.begin();
    String requestId =
        RequestId.fromHeader(exchange.getRequestHeaders().getFirst(RequestId.HEADER));
    MDC.put(RequestId.MDC_KEY, requestId);
    long started = System.nanoTime();
    try {
      Rendered rendered = render(exchange, requestId);
      write(exchange, rendered, requestId);
      log.debug(
          "{} {} {} in {} ms",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getRawPath(),
          rendered.status(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (IOException e) {
      log.debug("could not answer {}: the client went away", exchange.getRequestURI(), e);
    } finally {
      exchange.close();
      MDC.remove(RequestId.MDC_KEY);
      inFlight.end();
    }
  }

  private Rendered render(HttpExchange exchange, String requestId) {
    String path = exchange.getRequestURI().getRawPath();
    Request request = null;
    Response response;
    try {
      if (draining) {
        response = shuttingDown();
      } else {
        HttpRouter.RouteMatch match = router.match(exchange.getRequestMethod(), path);
        request = new Request(exchange, match.pathParams(), requestId, json);
        response = match.handler().handle(request);
      }
    } catch (Exception | StackOverflowError e) {
      response = ExceptionProblems.toResponse(e, requestId);
    }
    boolean bodyLeftUnread = sentABody(exchange) && (request == null || !request.bodyConsumed());
    if (bodyLeftUnread) {
      // The rest of the body is still on the wire: this connection cannot carry another request.
      response = response.withHeader("Connection", "close");
    }
    try {
      return Rendered.of(response, path, json, bodyLeftUnread);
    } catch (RuntimeException e) {
      return Rendered.of(ExceptionProblems.toResponse(e, requestId), path, json, bodyLeftUnread);
    }
  }

  /**
   * Reads and drops what is left of a body the route did not read (a 413, a 404), up to {@link
   * #MAX_DISCARDED_BYTES}, after the response is sent: closing a socket with unread input resets
   * the connection, and the client may then lose the response. Larger bodies are not worth reading.
   */
  private static void discardUnreadBody(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    try {
      if (length != null && Long.parseLong(length.trim()) > MAX_DISCARDED_BYTES) {
        return;
      }
      InputStream body = exchange.getRequestBody();
      long left = MAX_DISCARDED_BYTES;
      byte[] buffer = new byte[8192];
      int read;
      while (left > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= read;
      }
    } catch (NumberFormatException | IOException e) {
      // nothing more to do: the connection closes anyway
    }
  }

  private static Response shuttingDown() {
    return Response.problem(
            Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "the server is shutting down"))
        .withHeader("Retry-After", ExceptionProblems.RETRY_AFTER_SECONDS)
        .withHeader("Connection", "close");
  }

  private static boolean sentABody(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    return exchange.getRequestHeaders().containsKey("Transfer-Encoding")
        || (length != null && !length.trim().equals("0"));
  }

  private static void write(HttpExchange exchange, Rendered rendered, String requestId)
      throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set(RequestId.HEADER, requestId);
    rendered.headers().forEach(headers::set);
    boolean noBody =
        rendered.body().length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    exchange.sendResponseHeaders(rendered.status(), noBody ? -1 : rendered.body().length);
    OutputStream out = exchange.getResponseBody();
    if (!noBody) {
      out.write(rendered.body());
    }
    out.flush();
    if (rendered.bodyLeftUnread()) {
      discardUnreadBody(exchange);
    }
  }

  /** A response turned into bytes, before anything is sent, so a failure can still be a 500. */
  private record Rendered(
      int status, Map<String, String> headers, byte[] body, boolean bodyLeftUnread) {
    static Rendered of(Response response, String path, JsonCodec json, boolean bodyLeftUnread) {
      var headers = new LinkedHashMap<>(response.headers());
      byte[] body =
          switch (response.body()) {
            case Response.Body.Json(Object value, String contentType) -> {
              headers.put("Content-Type", contentType);
              yield json.write(value);
            }
            case Response.Body.ProblemDetails(Problem problem) -> {
              headers.put("Content-Type", Response.PROBLEM_JSON);
              Problem located = problem.instance() == null ? problem.withInstance(path) : problem;
              yield json.write(located.members());
            }
            case Response.Body.Text(String value, String contentType) -> {
              headers.put("Content-Type", contentType);
              yield value.getBytes(StandardCharsets.UTF_8);
            }
            case Response.Body.Bytes(byte[] value, String contentType) -> {
              headers.put("Content-Type", contentType);
              yield value;
            }
            case Response.Body.Empty() -> new byte[0];
          };
      return new Rendered(response.status(), headers, body, bodyLeftUnread);
    }
  }
}
