package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ApiDescriptionRoutes} over a document of this test ({@code openapi/example.json}): the
 * services' own documents are held to their routes in their modules. A plain client, not {@link
 * HttpTestClient}, since this document describes none of these routes.
 */
class ApiDescriptionRoutesTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServerRunner server;

  @BeforeEach
  void start() {
    HttpRouter router = new HttpRouter();
    ApiDescriptionRoutes.register(router, "example");
    server = HttpServerRunner.start(0, router);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void theDocument_isServedAsItIsOnTheClasspath() throws Exception {
    HttpResponse<byte[]> reply = get("/api/example/openapi.json");

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi/example.json")) {
      assertThat(reply.body()).isEqualTo(in.readAllBytes());
    }
  }

  @Test
  void thePage_namesItsService_andLoadsOnlyItsOwnFiles() throws Exception {
    String page = new String(get("/api/docs").body(), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(page).contains("data-service=\"example\"", "/api/docs/swagger-ui.css");
    assertThat(page).doesNotContain("http:", "https:");
    HttpResponse<byte[]> bundle = get("/api/docs/swagger-ui-bundle.js");
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(bundle.body().length).isGreaterThan(100_000);
  }

  @Test
  void aFileOutsideTheList_isA404_evenWhenItExists() throws Exception {
    for (String path :
        new String[] {"/api/docs/index.html", "/api/docs/..%2F..%2Flogback.xml", "/api/docs/x"}) {
      HttpResponse<byte[]> reply = get(path);
      assertThat(reply.statusCode()).as(path).isEqualTo(404);
      assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
  }

  @Test
  void discovery_namesBothServices() throws Exception {
    String body = new String(get("/api").body(), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(body)
        .contains(
            "\"name\":\"courses\"",
            "\"base_path\":\"/api/students\"",
            "\"openapi\":\"/api/courses/openapi.json\"",
            "\"version\":\"" + ApiDescriptionRoutes.API_VERSION + "\"",
            "\"docs\":\"/api/docs\"");
  }

  @Test
  void aServiceWithoutItsDocument_doesNotStart() {
    assertThatThrownBy(() -> ApiDescriptionRoutes.register(new HttpRouter(), "nowhere"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("openapi/nowhere.json");
  }
}
