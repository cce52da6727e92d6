package dev.nis.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nis.common.testing.openapi.OpenApiContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small HTTP client of one running service's API for end-to-end tests. Every exchange is held to
 * the service's OpenAPI document when it is on the classpath ({@link OpenApiContract}): a response
 * that departs from it, or a request the service accepted that the document forbids, fails the test
 * with an {@link AssertionError} naming the difference.
 */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A response: its status, body and headers, and the body as JSON. */
  public record Reply(int status, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public JsonNode data() {
      return json().get("data");
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public ApiClient(URI base) {
    this.base = base;
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  public Reply post(String path, String json, String... headers) {
    return send(
        withJson(path, json, headers).POST(HttpRequest.BodyPublishers.ofString(json)), json);
  }

  public Reply put(String path, String json, String... headers) {
    return send(withJson(path, json, headers).PUT(HttpRequest.BodyPublishers.ofString(json)), json);
  }

  public Reply delete(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).DELETE();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder);
  }

  private HttpRequest.Builder withJson(String path, String json, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json");
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }

  /** Sends a request built by the test; its body, which the builder hides, is not checked. */
  public Reply send(HttpRequest.Builder builder) {
    return send(builder, null);
  }

  private Reply send(HttpRequest.Builder builder, String body) {
    try {
      HttpRequest request = builder.timeout(Duration.ofSeconds(40)).build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      OpenApiContract.forPath(request.uri().getRawPath())
          .ifPresent(contract -> contract.assertKeptBy(request, body, response));
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A JSON array of these strings, for the id lists of request bodies. */
  public static String jsonStrings(String... values) {
    StringBuilder array = new StringBuilder();
    for (String value : values) {
      array.append(array.isEmpty() ? "" : ",").append('"').append(value).append('"');
    }
    return "[" + array + "]";
  }
}
