package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbeRoutesTest {
  private volatile boolean ready = true;
  private volatile boolean checkThrows;
  private HttpServerRunner server;
  private HttpTestClient client;

  @BeforeEach
  void start() throws Exception {
    HttpRouter router = new HttpRouter();
    ProbeRoutes.register(
        router,
        "/api/things",
        () -> {
          if (checkThrows) {
            throw new IllegalStateException("db down");
          }
          return ready;
        },
        () -> "# TYPE up gauge\nup 1\n");
    server = HttpServerRunner.start(0, router);
    client = new HttpTestClient(server.port());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void health_isUpWhileServing() {
    ready = false;

    HttpResponse<String> response = client.get("/api/things/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void ready_followsTheCheck() {
    assertThat(client.get("/api/things/ready").statusCode()).isEqualTo(200);

    ready = false;
    HttpResponse<String> notReady = client.get("/api/things/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.headers().firstValue("Content-Type")).contains("application/problem+json");

    checkThrows = true;
    assertThat(client.get("/api/things/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void metrics_isThePrometheusText() {
    HttpResponse<String> response = client.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body()).contains("up 1");
  }
}
