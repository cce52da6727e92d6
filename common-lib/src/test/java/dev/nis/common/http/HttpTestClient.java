package dev.nis.common.http;

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
 * A java.net.http client for one local test server; shared with the services' adapter tests. Every
 * exchange is held to the service's OpenAPI document when it is on the classpath (see {@link
 * OpenApiContract}); a departure fails the test.
 */
public final class HttpTestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  public HttpTestClient(int port) {
    this.port = port;
  }

  /** A request to {@code path} with a 40 s timeout; add method, body and headers. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(40));
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send(withHeaders(request(path).GET(), headers));
  }

  public HttpResponse<String> delete(String path, String... headers) {
    return send(withHeaders(request(path).DELETE(), headers));
  }

  /** Sends a body declared as application/json unless {@code headers} say otherwise. */
  public HttpResponse<String> send(String method, String path, String body, String... headers) {
    return send(method, path, HttpRequest.BodyPublishers.ofString(body), body, headers);
  }

  /** Sends these bytes as they are (they need not be UTF-8), as JSON unless headers say not. */
  public HttpResponse<String> send(String method, String path, byte[] body, String... headers) {
    return send(method, path, HttpRequest.BodyPublishers.ofByteArray(body), null, headers);
  }

  private HttpResponse<String> send(
      String method,
      String path,
      HttpRequest.BodyPublisher body,
      String bodyText,
      String... headers) {
    HttpRequest.Builder builder = request(path).method(method, body);
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) {
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (!typed) {
      builder.header("Content-Type", "application/json");
    }
    return send(withHeaders(builder, headers), bodyText);
  }

  /** Sends a request built by the test; its body, which the builder hides, is not checked. */
  public HttpResponse<String> send(HttpRequest.Builder builder) {
    return send(builder, null);
  }

  private HttpResponse<String> send(HttpRequest.Builder builder, String bodyText) {
    try {
      HttpRequest request = builder.build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      OpenApiContract.forPath(request.uri().getRawPath())
          .ifPresent(contract -> contract.assertKeptBy(request, bodyText, response));
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  private static HttpRequest.Builder withHeaders(HttpRequest.Builder builder, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }
}
