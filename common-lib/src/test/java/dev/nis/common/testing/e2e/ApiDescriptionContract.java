package dev.nis.common.testing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.common.http.ApiDescriptionRoutes;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.openapi.OpenApiContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API's description as a running service serves it: its OpenAPI document, discovery at {@code
 * /api}, and the docs page with every file it loads (from the service's own jar: the page names no
 * other origin). Every exchange is also held to the document by {@link ApiClient}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiDescriptionContract {
  private final ServiceFixture fixture;
  private RunningService env;
  private ApiClient api;

  protected ApiDescriptionContract(ServiceFixture fixture) {
    this.fixture = fixture;
  }

  @BeforeAll
  void startTheService() throws Exception {
    env = fixture.start();
    api = env.api();
  }

  @AfterAll
  void stopTheService() throws Exception {
    if (env != null) {
      env.close();
    }
  }

  private String service() {
    return fixture.service().serviceName();
  }

  @Test
  void theServedDocument_isTheServicesOwn() {
    ApiClient.Reply reply = api.get("/api/" + service() + "/openapi.json");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.json()).isEqualTo(OpenApiContract.of(service()).orElseThrow().document());
  }

  @Test
  void discovery_namesBothServices_theirVersionsDocumentsEventStreamsAndTheDocsPage() {
    ApiClient.Reply reply = api.get("/api");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode data = reply.data();
    assertThat(data.get("docs").asText()).isEqualTo("/api/docs");
    List<String> names = new ArrayList<>();
    for (JsonNode entry : data.get("services")) {
      String name = entry.get("name").asText();
      names.add(name);
      assertThat(entry.get("base_path").asText()).isEqualTo("/api/" + name);
      assertThat(entry.get("version").asText()).isEqualTo(ApiDescriptionRoutes.API_VERSION);
      assertThat(entry.get("openapi").asText()).isEqualTo("/api/" + name + "/openapi.json");
      assertThat(entry.get("operation").asText()).isEqualTo("/api/" + name + "/operations/{op_id}");
      assertThat(entry.get("events").asText()).isEqualTo("/api/" + name + "/events");
    }
    assertThat(names).containsExactly("courses", "students");
    // what discovery says of this service is what its own document says
    JsonNode own = OpenApiContract.of(service()).orElseThrow().document();
    assertThat(own.at("/info/version").asText()).isEqualTo(ApiDescriptionRoutes.API_VERSION);
    assertThat(own.at("/paths").has("/api/" + service() + "/openapi.json")).isTrue();
  }

  @Test
  void theDocsPage_andEveryFileItLoads_areServedByTheService() {
    ApiClient.Reply page = api.get("/api/docs");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("data-service=\"" + service() + "\"");
    assertThat(page.body()).doesNotContain("http://", "https://");
    Map<String, String> files =
        Map.of(
            "swagger-ui.css", "text/css",
            "swagger-ui-bundle.js", "text/javascript",
            "swagger-ui-standalone-preset.js", "text/javascript",
            "nis-docs.js", "text/javascript");
    files.forEach(
        (file, type) -> {
          assertThat(page.body()).contains(file);
          ApiClient.Reply reply = api.get("/api/docs/" + file);
          assertThat(reply.status()).as(file).isEqualTo(200);
          assertThat(reply.header("Content-Type")).as(file).startsWith(type);
          assertThat(reply.body()).as(file).isNotEmpty();
        });
    assertThat(api.get("/api/docs/nis-docs.js").body())
        .contains("/api/courses/openapi.json", "/api/students/openapi.json", "validatorUrl: null");
  }

  @Test
  void aFileThePageDoesNotHave_isA404Problem() {
    ApiClient.Reply reply = api.get("/api/docs/..%2Fopenapi%2Fcourses.json");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
  }
}
