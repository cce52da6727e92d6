package dev.nis.common.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers, as {@code application/problem+json} with an {@code X-Request-ID}, the errors Helidon
 * finds before a request reaches the routes: a malformed request line or target, a missing or
 * invalid {@code Host}, a header block or request line too long, HTTP/1.0, a body declared larger
 * than the server drains, broken framing, a {@code Content-Encoding} (a 415), and a request beyond
 * {@link HttpLimits#maxConcurrentRequests} (a 503 with {@code Retry-After}). Helidon then closes
 * the connection.
 *
 * <p>Helidon hands a direct handler the status and, for errors whose text is safe to echo, its
 * message; for the others (a malformed request line or target, whose text may hold anything the
 * client sent) only a placeholder, so the detail is told from what was parsed.
 */
final class ProtocolProblems implements DirectHandler {
  private static final Logger log = LoggerFactory.getLogger(ProtocolProblems.class);

  /** What Helidon's header parser says when the block passes {@link HttpLimits#maxHeaderBytes}. */
  static final String HEADER_SIZE_EXCEEDED = "Header size exceeded";

  static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;

  /** What Helidon says when a request passes {@link HttpLimits#maxConcurrentRequests}. */
  static final String TOO_MANY_CONCURRENT_REQUESTS = "Too Many Concurrent Requests";

  /** The detail of a request target that is not a path of RFC 3986 characters. */
  static final String INVALID_TARGET =
      "the request target is not a valid path (RFC 3986): characters such as '{', '}',"
          + " spaces and non-ASCII must be percent-encoded";

  /**
   * What Helidon says of a request with a {@code Content-Encoding}: the server decodes no content
   * coding (the API's bodies are small JSON), so such a body cannot be read.
   */
  static final String CONTENT_ENCODING_PRESENT =
      "Content-Encoding header present when content encoding is disabled";

  private final JsonCodec json;
  private final HttpLimits limits;
  private final RefusedRequests refused;

  private ProtocolProblems(JsonCodec json, HttpLimits limits, RefusedRequests refused) {
    this.json = json;
    this.limits = limits;
    this.refused = refused;
  }

  /** This handler for every kind of error Helidon answers directly, each answer counted. */
  static DirectHandlers all(JsonCodec json, HttpLimits limits, RefusedRequests refused) {
    ProtocolProblems problems = new ProtocolProblems(json, limits, refused);
    DirectHandlers.Builder handlers = DirectHandlers.builder();
    for (EventType type : EventType.values()) {
      handlers.addHandler(type, problems);
    }
    return handlers.build();
  }

  @Override
  public TransportResponse handle(
      TransportRequest request,
      EventType eventType,
      Status defaultStatus,
      ServerResponseHeaders responseHeaders,
      String message) {
    Problem problem = problem(request, eventType, defaultStatus.code(), message);
    String path = request.path();
    if (isPrintablePath(path)) {
      problem = problem.withInstance(path);
    }
    String requestId =
        RequestId.fromHeader(request.headers().first(RouteDispatcher.REQUEST_ID).orElse(null));
    log.debug(
        "refused a request before routing: {} {} ({}: {})",
        problem.status(),
        problem.detail(),
        eventType,
        message);
    refused.count(problem.status());
    responseHeaders.set(HeaderNames.CONTENT_TYPE, Response.PROBLEM_JSON);
    responseHeaders.set(RouteDispatcher.REQUEST_ID, requestId);
    if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
      responseHeaders.set(HeaderNames.RETRY_AFTER, ExceptionProblems.RETRY_AFTER_SECONDS);
    }
    if (problem.status() == HttpStatus.UNSUPPORTED_MEDIA_TYPE) {
      // RFC 9110, section 12.5.3: a 415 for a content coding says which codings are accepted
      responseHeaders.set(HeaderNames.ACCEPT_ENCODING, "identity");
    }
    return TransportResponse.builder()
        .status(HttpStatus.helidon(problem.status()))
        .headers(responseHeaders)
        .entity(json.write(problem.members()))
        .keepAlive(false)
        .build();
  }

  private Problem problem(
      TransportRequest request, EventType eventType, int status, String message) {
    if (eventType == EventType.INTERNAL_ERROR && request.method().isEmpty()) {
      // Helidon failed before it had parsed the request line: in practice a request line it
      // cannot read (a method that is not a token), which is the client's mistake
      log.warn("could not parse a request line ({}); answering 400", message);
      return Problem.badRequest(
          "the request line is malformed: expected METHOD SP request-target SP HTTP/1.1, the"
              + " method a token");
    }
    String detail =
        switch (status) {
          case HttpStatus.BAD_REQUEST -> badRequest(request, message);
          case HttpStatus.CONTENT_TOO_LARGE ->
              JsonRequestBody.tooLargeDetail(JsonRequestBody.MAX_BYTES);
          case 414 ->
              "the request line must be at most " + HttpLimits.MAX_REQUEST_LINE_BYTES + " bytes";
          case 505 -> "HTTP/1.0 is not supported: use HTTP/1.1";
          case 501 -> "the request's Transfer-Encoding is not supported: use chunked or none";
          default -> safe(message).orElse(HttpStatus.reasonPhrase(status));
        };
    if (TOO_MANY_CONCURRENT_REQUESTS.equals(message)) {
      return Problem.of(
          HttpStatus.SERVICE_UNAVAILABLE,
          "the server is answering "
              + limits.maxConcurrentRequests()
              + " requests, the most it takes at once: retry after the time in Retry-After");
    }
    if (CONTENT_ENCODING_PRESENT.equals(message)) {
      // RFC 9110, section 15.5.16: a content coding the server does not support is a 415
      return Problem.of(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "the request body must not have a Content-Encoding: send it as is (identity)");
    }
    if (HEADER_SIZE_EXCEEDED.equals(message)) {
      return Problem.of(
          REQUEST_HEADER_FIELDS_TOO_LARGE,
          "the request's header fields must be at most " + limits.maxHeaderBytes() + " bytes");
    }
    return Problem.of(status, detail);
  }

  private static String badRequest(TransportRequest request, String message) {
    var safe = safe(message);
    if (safe.isPresent()) {
      return "the request is not valid HTTP/1.1: " + safe.get();
    }
    if (request.path().isBlank()) {
      return "the request line is malformed: expected METHOD SP request-target SP HTTP/1.1";
    }
    if (!"HTTP/1.1".equals(request.protocolVersion())) {
      return "the request line is malformed: the protocol must be HTTP/1.1";
    }
    return INVALID_TARGET;
  }

  /**
   * The 400 of a request target that is not a path of visible ASCII, found by the router: the
   * connection is closed with it, as with the targets Helidon refuses itself.
   */
  static ProblemException invalidTarget() {
    return new ProblemException(Problem.badRequest(INVALID_TARGET), Map.of("Connection", "close"));
  }

  /** Helidon's message, unless it is the placeholder it gives for unsafe ones, or none. */
  private static Optional<String> safe(String message) {
    return message == null || message.isBlank() || message.startsWith("Bad request, see server log")
        ? Optional.empty()
        : Optional.of(message);
  }

  /** A path worth echoing as {@code instance}: an absolute path of visible ASCII. */
  static boolean isPrintablePath(String path) {
    if (path == null || !path.startsWith("/")) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x21 || c > 0x7E || c == '{' || c == '}' || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
