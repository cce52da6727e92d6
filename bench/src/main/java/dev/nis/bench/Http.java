package dev.nis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The small HTTP client of set-up, of the event-stream probes and of the metrics scrapes; the
 * half-rate creates and the enrollment probes go through {@link LoopHttpClient}, which costs this
 * JVM about a quarter of its CPU per request.
 */
final class Http {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Its tasks run on virtual threads: with the client's default executor (a cached pool of platform
   * threads) a profile of the half-rate creates put 14 % of this JVM's CPU in handing tasks to
   * parked pool threads through a {@code SynchronousQueue} (bench/analysis.md, "The bucket's watch
   * only while requests wait"), CPU taken from the services it measures on the same cores.
   */
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();

  private Http() {}

  record Reply(int status, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  static Reply get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET());
  }

  static Reply post(String url, String json, String prefer)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (prefer != null) {
      request.header("Prefer", prefer);
    }
    return send(request);
  }

  /** A PUT without a body (e.g. an enrollment: the path says it all). */
  static Reply put(String url) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .PUT(HttpRequest.BodyPublishers.noBody()));
  }

  private static Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }

  static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
