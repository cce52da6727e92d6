package dev.nis.common.http;

import java.util.Map;

/**
 * Ends a request with a problem response, with optional headers (Allow, Retry-After). Thrown by the
 * HTTP edge only, for a client's mistake found while reading the request.
 */
public final class ProblemException extends RuntimeException {
  private final transient Problem problem;
  private final Map<String, String> headers;

  public ProblemException(Problem problem) {
    this(problem, Map.of());
  }

  public ProblemException(Problem problem, Map<String, String> headers) {
    super(problem.status() + " " + problem.title() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
    this.headers = Map.copyOf(headers);
  }

  public Problem problem() {
    return problem;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Response toResponse() {
    Response response = Response.problem(problem);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      response = response.withHeader(header.getKey(), header.getValue());
    }
    return response;
  }
}
