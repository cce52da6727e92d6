package dev.nis.courses.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.http.HttpRouter;
import dev.nis.common.http.HttpServerRunner;
import dev.nis.common.http.HttpTestClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CeilingRoutesTest {
  private HttpServerRunner server;
  private HttpTestClient client;

  @BeforeEach
  void start() throws Exception {
    server = HttpServerRunner.start(0, new CeilingRoutes().registerOn(new HttpRouter()));
    client = new HttpTestClient(server.port());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void constant_isATwoByteJsonStringByDefault() {
    HttpResponse<String> response = client.get(CeilingRoutes.PATH);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("\"\"");
  }

  @Test
  void constant_hasExactlyTheAskedSize() {
    HttpResponse<String> response = client.get(CeilingRoutes.PATH + "?bytes=5000");

    assertThat(response.body().getBytes(StandardCharsets.UTF_8)).hasSize(5000);
    assertThat(response.body()).startsWith("\"x").endsWith("x\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "abc", "1048577", "-3"})
  void aBadSize_is400NamingBytes(String bytes) {
    HttpResponse<String> response = client.get(CeilingRoutes.PATH + "?bytes=" + bytes);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"bytes\"");
  }
}
