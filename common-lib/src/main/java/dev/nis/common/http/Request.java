package dev.nis.common.http;

import dev.nis.common.domain.ValidationException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One incoming request as a route sees it: path parameters, query, headers and a JSON body. It
 * wraps Helidon's {@link ServerRequest}, so that routes depend on this API only.
 */
public final class Request {
  /** The 400's detail for a chunked body that cannot be read. */
  static final String CHUNKS_UNREADABLE =
      "the request body's chunks could not be read: each is a hexadecimal size, CRLF, the data and"
          + " CRLF, and the body ends with 0, CRLF, CRLF (this server takes no chunk extensions and"
          + " no trailer fields)";

  private final ServerRequest request;
  private final String path;
  private final Map<String, String> pathParams;
  private final String requestId;
  private final JsonCodec json;
  private final BodyDeadlines bodies;
  private Map<String, List<String>> query;
  private byte[] body = new byte[0];

  Request(
      ServerRequest request,
      String path,
      Map<String, String> pathParams,
      String requestId,
      JsonCodec json,
      BodyDeadlines bodies) {
    this.request = request;
    this.path = path;
    this.pathParams = Map.copyOf(pathParams);
    this.requestId = requestId;
    this.json = json;
    this.bodies = bodies;
  }

  public String method() {
    return request.prologue().method().text();
  }

  /** The path as sent, still percent-encoded. */
  public String path() {
    return path;
  }

  /** The decoded value of a {@code {name}} segment of the route's template. */
  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the route has no path parameter " + name);
    }
    return value;
  }

  /**
   * The value of a query parameter that takes one.
   *
   * @throws ValidationException (a 400 naming it) when it is given more than once: which value the
   *     client meant is not for the server to guess ({@code limit=1&limit=2} took the first)
   */
  public Optional<String> query(String name) {
    List<String> values = queries(name);
    if (values.size() > 1) {
      throw new ValidationException(name, "is given " + values.size() + " times; give it once");
    }
    return values.stream().findFirst();
  }

  /** Every value of a query parameter, in order; empty when it is absent. */
  public List<String> queries(String name) {
    if (query == null) {
      query = QueryString.parse(request.prologue().query().rawValue());
    }
    return query.getOrDefault(name, List.of());
  }

  public Optional<String> header(String name) {
    return request.headers().first(HeaderNames.create(name));
  }

  /** Every value of a header, in order, one per header line as sent; a header may be repeated. */
  public List<String> headers(String name) {
    return request.headers().all(HeaderNames.create(name), List::of);
  }

  public String requestId() {
    return requestId;
  }

  /**
   * Reads the body as JSON into {@code type}.
   *
   * @throws ProblemException 415 for a body that is not declared as JSON, 413 for one over 64 KiB,
   *     400 for one that is not valid JSON for the type (naming the field) or whose framing is
   *     broken (e.g. a malformed chunk), 408 for one that did not all come within {@code
   *     HTTP_BODY_TIMEOUT} (its connection is closed by then: {@link BodyDeadlines})
   * @throws IOException when the client went away while sending it
   */
  public <T> T readJson(Class<T> type) throws IOException {
    byte[] read;
    try (BodyDeadlines.Read watched = bodies.start()) {
      try {
        read =
            JsonRequestBody.read(
                first(HeaderNames.CONTENT_TYPE),
                first(HeaderNames.CONTENT_LENGTH),
                this::content,
                JsonRequestBody.MAX_BYTES);
      } catch (IOException e) {
        if (watched.timedOut()) {
          throw new ProblemException(
              Problem.of(
                  408,
                  "the request body did not all come within "
                      + bodies.timeout().toMillis()
                      + " ms"));
        }
        throw e;
      }
    }
    this.body = read;
    return json.read(read, type);
  }

  /** The bytes {@link #readJson} read; none when the route read no body. */
  public byte[] body() {
    return body.clone();
  }

  private String first(HeaderName name) {
    return request.headers().first(name).orElse(null);
  }

  /**
   * The body's stream, asked for only once the declared type and length are acceptable: asking for
   * it is what makes Helidon send {@code 100 Continue} to a client that expects it. Helidon's own
   * failures while reading (broken chunks) become 400 problems, and the connection is closed, since
   * the rest of the body can no longer be told from the next request.
   */
  private InputStream content() {
    InputStream in = request.content().inputStream();
    return new InputStream() {
      @Override
      public int read() throws IOException {
        try {
          return in.read();
        } catch (UncheckedIOException e) {
          throw e.getCause();
        } catch (RuntimeException e) {
          throw unreadable(e);
        }
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
          return in.read(buffer, offset, length);
        } catch (UncheckedIOException e) {
          throw e.getCause();
        } catch (RuntimeException e) {
          throw unreadable(e);
        }
      }
    };
  }

  /**
   * What Helidon throws while reading a body (a {@link RequestException}, or a parse failure of a
   * chunk size) as a 4xx; the connection is closed with the answer. Helidon 4.5's reader of chunked
   * bodies takes neither chunk extensions nor trailer fields (RFC 9112, sections 7.1.1 and 7.1.2,
   * let a client send them), so the detail of a chunked body that fails says so.
   */
  private ProblemException unreadable(RuntimeException e) {
    int status = HttpStatus.BAD_REQUEST;
    String detail = "the request body's framing is broken (Content-Length or chunks)";
    if (e instanceof RequestException failure) {
      int code = failure.status().code();
      status = code >= 400 && code < 500 ? code : status;
      if (failure.safeMessage() && failure.getMessage() != null) {
        detail = "the request body could not be read: " + failure.getMessage();
      }
    }
    if (status == HttpStatus.BAD_REQUEST
        && request.headers().contains(HeaderNames.TRANSFER_ENCODING)) {
      detail = CHUNKS_UNREADABLE;
    }
    if (status == HttpStatus.CONTENT_TOO_LARGE) {
      detail = JsonRequestBody.tooLargeDetail(JsonRequestBody.MAX_BYTES);
    }
    return new ProblemException(Problem.of(status, detail), Map.of("Connection", "close"));
  }
}
