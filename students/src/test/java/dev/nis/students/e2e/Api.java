package dev.nis.students.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client of the students API for end-to-end tests. */
final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    JsonNode data() {
      return json().get("data");
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  Api(URI base) {
    this.base = base;
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  Reply post(String path, String json, String... headers) {
    return send(withJson(path, json, headers).POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply put(String path, String json, String... headers) {
    return send(withJson(path, json, headers).PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply delete(String path, String... headers) {
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

  Reply send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          client.send(
              builder.timeout(Duration.ofSeconds(40)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A student body with this name (first and last name fixed) and these courses. */
  static String student(String name, String... courseIds) {
    return student(new String[] {name, "Test", "Student"}, courseIds);
  }

  /** A student body with this full name {name, first_name, last_name} and these courses. */
  static String student(String[] fullName, String... courseIds) {
    StringBuilder ids = new StringBuilder();
    for (String id : courseIds) {
      ids.append(ids.isEmpty() ? "" : ",").append('"').append(id).append('"');
    }
    return """
        {"name":"%s","first_name":"%s","last_name":"%s","course_ids":[%s]}"""
        .formatted(fullName[0], fullName[1], fullName[2], ids);
  }
}
