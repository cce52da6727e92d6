package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import dev.nis.common.tracing.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limits the server holds a client to, and the load it must carry within them. */
class HttpLimitsTest {
  private static final int CONNECTIONS = 1024;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private HttpServerRunner server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private void start(HttpLimits limits) {
    HttpRouter router = new HttpRouter().get("/things", request -> Response.data(200, "ok"));
    start(router, limits);
  }

  private void start(HttpRouter router, HttpLimits limits) {
    server =
        HttpServerRunner.start(
            0,
            router,
            limits,
            Duration.ofSeconds(1),
            Tracing.off(),
            HttpMeters.of(registry, "test"));
  }

  @Test
  void aHeaderBlockThatNeverEnds_isAnswered408AndItsConnectionClosed() throws Exception {
    start(
        new HttpLimits(
            4096, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(75), 64, 64));
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /things HTTP/1.1\r\nHost: localhost\r\nX-Half: ");

      RawHttp.Answer answer = http.read();

      assertThat(answer.status()).isEqualTo(408);
      assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(answer.header("X-Request-ID")).isNotBlank();
      assertThat(new ObjectMapper().readTree(answer.body()).get("detail").asText())
          .contains("500 ms");
      assertThat(http.closedByServer()).isTrue();
      assertThat(RefusedCounts.of(registry, 408)).isEqualTo(1);
    }
  }

  @Test
  void aBodyThatNeverEnds_hasItsConnectionClosed_andTheRouteNeverGetsIt() throws Exception {
    AtomicInteger bodiesRead = new AtomicInteger();
    HttpRouter router =
        new HttpRouter()
            .post(
                "/things",
                request -> {
                  request.readJson(Map.class);
                  bodiesRead.incrementAndGet();
                  return Response.data(201, "made");
                });
    start(
        router,
        new HttpLimits(
            4096, Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(75), 64, 64));
    try (RawHttp http = new RawHttp(server.port())) {
      long started = System.nanoTime();
      http.send(
          "POST /things HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Content-Length: 500\r\n\r\n{\"name\":");

      assertThat(http.closedByServer()).isTrue();
      Duration closedAfter = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf("a stalled body's connection closed after %d ms%n", closedAfter.toMillis());
      assertThat(closedAfter)
          .isGreaterThanOrEqualTo(Duration.ofMillis(500))
          .isLessThan(Duration.ofMillis(500).plus(BodyDeadlines.CHECK).plusSeconds(2));
      assertThat(bodiesRead).hasValue(0);
    }
    // a body that comes in time, slowly, on the same server
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(
          "POST /things HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Content-Length: 12\r\n\r\n{\"name\":");
      Thread.sleep(200);
      assertThat(http.send("\"x\"}").read().status()).isEqualTo(201);
      assertThat(bodiesRead).hasValue(1);
    }
  }

  @Test
  void aHeaderBlockThatEndsInTime_isServed_andTheConnectionStaysUsable() throws Exception {
    start(
        new HttpLimits(
            4096, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(75), 64, 64));
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /things HTTP/1.1\r\nHost: localhost\r\n");
      Thread.sleep(100);
      assertThat(http.send("\r\n").read().status()).isEqualTo(200);

      Thread.sleep(800); // idle between requests is not a slow header block

      assertThat(http.send("GET /things HTTP/1.1\r\nHost: localhost\r\n\r\n").read().status())
          .isEqualTo(200);
    }
  }

  @Test
  void aThousandAndTwentyFourKeepAliveConnectionsAtOnce_eachGetA200() throws Exception {
    start(HttpLimits.DEFAULTS);
    List<RawHttp> connections = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < CONNECTIONS; i++) {
        connections.add(new RawHttp(server.port()));
      }
      List<Future<List<Integer>>> answers = new ArrayList<>();
      for (RawHttp http : connections) {
        answers.add(clients.submit(() -> twoRequests(http)));
      }
      for (Future<List<Integer>> answer : answers) {
        assertThat(answer.get()).containsExactly(200, 200);
      }
      assertThat(RefusedCounts.all(registry)).isZero();
    } finally {
      for (RawHttp http : connections) {
        http.close();
      }
    }
  }

  @Test
  void aConnectionBeyondTheConnectionLimit_waitsUntilAnotherCloses_thenIsServed() throws Exception {
    start(
        new HttpLimits(
            4096, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(75), 2, 64));
    String get = "GET /things HTTP/1.1\r\nHost: localhost\r\n\r\n";
    try (RawHttp first = new RawHttp(server.port());
        RawHttp second = new RawHttp(server.port());
        RawHttp third = new RawHttp(server.port());
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      assertThat(first.send(get).read().status()).isEqualTo(200);
      assertThat(second.send(get).read().status()).isEqualTo(200);

      Future<Integer> thirdStatus = clients.submit(() -> third.send(get).read().status());
      Thread.sleep(500);
      assertThat(thirdStatus).isNotDone(); // in the listen backlog: both permits are held

      first.close();

      assertThat(thirdStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(second.send(get).read().status()).isEqualTo(200);
    }
  }

  @Test
  void theDefaultConnectionLimit_isWhatAThirdOfTheHeapHolds_withinItsBounds() {
    long mib = 1024 * 1024;

    // Runtime.maxMemory() under the images' jvm.options (-Xmx96m less one survivor space), and the
    // limit README.md gives for it
    assertThat(HttpLimits.maxConnectionsFor(93_978_624)).isEqualTo(1274);
    assertThat(HttpLimits.maxConnectionsFor(2 * mib)).isEqualTo(HttpLimits.MIN_DEFAULT_CONNECTIONS);
    assertThat(HttpLimits.maxConnectionsFor(4096 * mib))
        .isEqualTo(HttpLimits.MAX_DEFAULT_CONNECTIONS);
    assertThat(HttpLimits.DEFAULTS.maxConnections())
        .isEqualTo(HttpLimits.maxConnectionsFor(Runtime.getRuntime().maxMemory()));
  }

  @Test
  void aRequestBeyondTheConcurrencyLimit_is503ProblemWithRetryAfter_andTheOthersAreServed()
      throws Exception {
    CountDownLatch inRoute = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    HttpRouter router = slowAndFast(inRoute, release, "slow");
    start(
        router,
        new HttpLimits(
            4096, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(75), 64, 2));
    String slow = "GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n";
    String things = "GET /things HTTP/1.1\r\nHost: localhost\r\n\r\n";
    try (RawHttp first = new RawHttp(server.port());
        RawHttp second = new RawHttp(server.port());
        RawHttp third = new RawHttp(server.port());
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> firstStatus = clients.submit(() -> first.send(slow).read().status());
      Future<Integer> secondStatus = clients.submit(() -> second.send(slow).read().status());
      try {
        assertThat(inRoute.await(5, TimeUnit.SECONDS)).isTrue();

        RawHttp.Answer refused = third.send(things).read();

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.header("Retry-After")).isEqualTo(ExceptionProblems.RETRY_AFTER_SECONDS);
        assertThat(new ObjectMapper().readTree(refused.body()).get("detail").asText())
            .contains("answering 2 requests");
        assertThat(third.closedByServer()).isTrue();
        assertThat(RefusedCounts.of(registry, 503)).isEqualTo(1);

        release.countDown();
        assertThat(firstStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(secondStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        try (RawHttp later = new RawHttp(server.port())) {
          assertThat(later.send(things).read().status()).isEqualTo(200);
        }
        assertThat(RefusedCounts.all(registry)).as("only the one 503 counted").isEqualTo(1);
      } finally {
        // else a failed assertion would leave the two routes waiting, and closing the executor
        // would wait for them without end
        release.countDown();
      }
    }
  }

  /**
   * A client that hangs up while its request is being answered (wrk ending a round, a client's
   * timeout) must give back that request's permit: a leaked permit would lower the limit for good,
   * until every request is a 503.
   */
  @Test
  void clientsThatHangUpMidRequest_giveTheirPermitsBack() throws Exception {
    int limit = 4;
    CountDownLatch inRoute = new CountDownLatch(limit);
    CountDownLatch release = new CountDownLatch(1);
    HttpRouter router = slowAndFast(inRoute, release, "x".repeat(64 * 1024));
    start(
        router,
        new HttpLimits(
            4096,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(75),
            64,
            limit));
    String slow = "GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n";
    String things = "GET /things HTTP/1.1\r\nHost: localhost\r\n\r\n";
    try {
      for (int i = 0; i < limit; i++) {
        new RawHttp(server.port()).send(slow).close(); // hangs up before its answer
      }
      assertThat(inRoute.await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      release.countDown(); // their answers now meet closed connections
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<Integer> statuses = List.of();
    while (System.nanoTime() < deadline) {
      List<RawHttp> connections = new ArrayList<>();
      try {
        for (int i = 0; i < limit; i++) {
          connections.add(new RawHttp(server.port()).send(things));
        }
        List<Integer> read = new ArrayList<>();
        for (RawHttp http : connections) {
          read.add(http.read().status());
        }
        statuses = read;
      } finally {
        for (RawHttp http : connections) {
          http.close();
        }
      }
      if (statuses.stream().allMatch(status -> status == 200)) {
        break;
      }
      Thread.sleep(50); // the abandoned answers may still be finishing
    }
    assertThat(statuses).as("%d requests at once after the hang-ups", limit).containsOnly(200);
  }

  /**
   * {@code GET /slow}: counts {@code inRoute} down, waits for {@code release}, then answers {@code
   * body}; {@code GET /things}: answers at once.
   */
  private static HttpRouter slowAndFast(
      CountDownLatch inRoute, CountDownLatch release, String body) {
    return new HttpRouter()
        .get(
            "/slow",
            request -> {
              inRoute.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Response.data(200, body);
            })
        .get("/things", request -> Response.data(200, "ok"));
  }

  /** Two requests one after the other on the same connection: it is kept alive between them. */
  private static List<Integer> twoRequests(RawHttp http) throws IOException {
    String get = "GET /things HTTP/1.1\r\nHost: localhost\r\n\r\n";
    return List.of(http.send(get).read().status(), http.send(get).read().status());
  }

  @Test
  void limits_comeFromTheEnvironment_withDefaults() {
    assertThat(HttpLimits.from(new Env(Map.of()))).isEqualTo(HttpLimits.DEFAULTS);
    assertThat(
            HttpLimits.from(
                new Env(
                    Map.of(
                        "HTTP_MAX_HEADER_BYTES", "8192",
                        "HTTP_HEADER_TIMEOUT", "3s",
                        "HTTP_BODY_TIMEOUT", "5s",
                        "HTTP_IDLE_TIMEOUT", "2m",
                        "HTTP_MAX_CONNECTIONS", "100",
                        "HTTP_MAX_CONCURRENT_REQUESTS", "50"))))
        .isEqualTo(
            new HttpLimits(
                8192,
                Duration.ofSeconds(3),
                Duration.ofSeconds(5),
                Duration.ofMinutes(2),
                100,
                50));
  }

  @Test
  void aBadLimit_namesItsVariable() {
    assertThatThrownBy(() -> HttpLimits.from(new Env(Map.of("HTTP_MAX_CONNECTIONS", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HTTP_MAX_CONNECTIONS");
    assertThatThrownBy(() -> HttpLimits.from(new Env(Map.of("HTTP_MAX_CONCURRENT_REQUESTS", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HTTP_MAX_CONCURRENT_REQUESTS");
    assertThatThrownBy(() -> HttpLimits.from(new Env(Map.of("HTTP_HEADER_TIMEOUT", "0s"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HTTP_HEADER_TIMEOUT");
    assertThatThrownBy(() -> HttpLimits.from(new Env(Map.of("HTTP_BODY_TIMEOUT", "0s"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HTTP_BODY_TIMEOUT");
    assertThatThrownBy(() -> HttpLimits.from(new Env(Map.of("HTTP_MAX_HEADER_BYTES", "100"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HTTP_MAX_HEADER_BYTES");
  }
}
