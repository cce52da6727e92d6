package dev.nis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.time.Duration;

/**
 * The small HTTP client of set-up and of the open-loop mutation load: Helidon's {@link WebClient}
 * (HTTP/1.1, connections kept alive and reused), each call blocking its own virtual thread.
 *
 * <p>Why not the JDK's {@code java.net.http.HttpClient}, which this used before: it hands each
 * exchange between the caller, its selector thread and its executor, and took about 0.35 ms of CPU
 * per waiting create in this JVM, ~300 ms a second at the half-rate creates of 2026-12-05 (the
 * bench JVM 470 ms a second with the in-process MongoDB's ~170), on the two cores the services it
 * measures run on (bench/analysis.md, "A cheaper load generator"). An earlier step had already
 * given it virtual threads for its executor: with its default, a cached pool of platform threads, a
 * profile of the half-rate creates put 14 % of this JVM's CPU in handing tasks to parked pool
 * threads through a {@code SynchronousQueue}.
 */
final class Http {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HeaderName PREFER = HeaderNames.create("Prefer");

  private static final WebClient CLIENT =
      WebClient.builder()
          .connectTimeout(Duration.ofSeconds(2))
          .readTimeout(Duration.ofSeconds(10))
          // the default sends Expect: 100-continue before each body, a round trip more
          .sendExpectContinue(false)
          // idle connections kept per service; the open loops hold a few hundred at most
          .connectionCacheSize(1024)
          .build();

  private Http() {}

  record Reply(int status, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  static Reply get(String url) {
    return send(CLIENT.get().uri(url));
  }

  static Reply post(String url, String json, String prefer) {
    HttpClientRequest request =
        CLIENT.post().uri(url).header(HeaderNames.CONTENT_TYPE, "application/json");
    if (prefer != null) {
      request.header(PREFER, prefer);
    }
    try (HttpClientResponse response = request.submit(json)) {
      return reply(response);
    }
  }

  /** A PUT without a body (e.g. an enrollment: the path says it all). */
  static Reply put(String url) {
    return send(CLIENT.put().uri(url));
  }

  private static Reply send(HttpClientRequest request) {
    try (HttpClientResponse response = request.request()) {
      return reply(response);
    }
  }

  private static Reply reply(HttpClientResponse response) {
    String body = response.entity().hasEntity() ? response.as(String.class) : "";
    return new Reply(response.status().code(), body);
  }

  static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
