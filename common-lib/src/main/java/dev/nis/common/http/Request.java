package dev.nis.common.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One incoming request as a route sees it: path parameters, query, headers and a JSON body. */
public final class Request {
  private final HttpExchange exchange;
  private final Map<String, String> pathParams;
  private final String requestId;
  private final JsonCodec json;
  private Map<String, List<String>> query;
  private boolean bodyConsumed;
  private byte[] body = new byte[0];

  Request(HttpExchange exchange, Map<String, String> pathParams, String requestId, JsonCodec json) {
    this.exchange = exchange;
    this.pathParams = Map.copyOf(pathParams);
    this.requestId = requestId;
    this.json = json;
  }

  public String method() {
    return exchange.getRequestMethod();
  }

  /** The path as sent, still percent-encoded. */
  public String path() {
    return exchange.getRequestURI().getRawPath();
  }

  /** The decoded value of a {@code {name}} segment of the route's template. */
  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the route has no path parameter " + name);
    }
    return value;
  }

  /** The first value of a query parameter. */
  public Optional<String> query(String name) {
    if (query == null) {
      query = QueryString.parse(exchange.getRequestURI().getRawQuery());
    }
    return Optional.ofNullable(query.get(name)).map(values -> values.get(0));
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  /** Every value of a header, in order; a header may be repeated. */
  public List<String> headers(String name) {
    List<String> values = exchange.getRequestHeaders().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  public String requestId() {
    return requestId;
  }

  /**
   * Reads the body as JSON into {@code type}.
   *
   * @throws ProblemException 415 for a body that is not declared as JSON, 413 for one over 64 KiB,
   *     400 for one that is not valid JSON for the type (naming the field)
   */
  public <T> T readJson(Class<T> type) throws IOException {
    byte[] body =
        JsonRequestBody.read(
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Content-Length"),
            exchange.getRequestBody(),
            JsonRequestBody.MAX_BYTES);
    bodyConsumed = true;
    this.body = body;
    return json.read(body, type);
  }

  /** The bytes {@link #readJson} read; none when the route read no body. */
  public byte[] body() {
    return body.clone();
  }

  /** Whether the whole body was read, so that the connection can serve another request. */
  boolean bodyConsumed() {
    return bodyConsumed;
  }
}
