package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
  /** Short, for the service that never answers; the others answer within the real timeout. */
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);

  private volatile boolean ready = true;
  private HttpServerRunner server;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    HttpRouter router = new HttpRouter();
    ProbeRoutes.register(router, "/api/things", () -> ready, () -> "");
    server = HttpServerRunner.start(0, router);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private int check(String... args) {
    return check(HealthCheck.TIMEOUT, args);
  }

  private int check(Duration timeout, String... args) {
    return HealthCheck.check(args, timeout, new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  private String readyUrl() {
    return "http://127.0.0.1:" + server.port() + "/api/things/ready";
  }

  private String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aReadyService_isHealthy() {
    assertThat(check(readyUrl())).isZero();
    assertThat(stderr()).isEmpty();
  }

  @Test
  void aServiceThatIsNotReady_isUnhealthy_andSaysWhatItAnswered() {
    ready = false;

    assertThat(check(readyUrl())).isEqualTo(1);
    assertThat(stderr()).contains("answered 503");
  }

  @Test
  void nothingListening_isUnhealthy() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }

    assertThat(check("http://127.0.0.1:" + freePort + "/api/things/ready")).isEqualTo(1);
    assertThat(stderr()).contains("ConnectException");
  }

  @Test
  void aServiceThatDoesNotAnswer_isUnhealthyAfterTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) { // connections queue, nothing is read
      long start = System.nanoTime();

      int code =
          check(SHORT_TIMEOUT, "http://127.0.0.1:" + silent.getLocalPort() + "/api/things/ready");

      assertThat(code).isEqualTo(1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(stderr()).contains("HttpTimeoutException");
    }
  }

  @Test
  void aBadArgument_isUnhealthy_withAUsageMessage() {
    assertThat(check()).isEqualTo(1);
    assertThat(stderr()).contains("usage:");

    assertThat(check("not a url")).isEqualTo(1);
    assertThat(stderr()).contains("not an http URL");
  }
}
