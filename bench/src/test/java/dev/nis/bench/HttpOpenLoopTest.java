package dev.nis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpOpenLoopTest {
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> prefers = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A server that answers {@code status(body)} after {@code delay}, counting what is in flight. */
  private URI serve(Duration delay, java.util.function.Function<String, Integer> status)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/api/things",
        exchange -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try (exchange) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            prefers.add(exchange.getRequestHeaders().getFirst("Prefer"));
            Thread.sleep(delay);
            exchange.sendResponseHeaders(status.apply(body), -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            inFlight.decrementAndGet();
          }
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/things");
  }

  @Test
  void sendsEveryRequestOnce_withItsOwnBody_andCountsOtherStatusesAsErrors() throws Exception {
    // every fifth body is refused with 409
    URI target = serve(Duration.ZERO, body -> Integer.parseInt(body) % 5 == 0 ? 409 : 201);
    AtomicLong sequence = new AtomicLong();

    Measurement measured =
        new HttpOpenLoop(
                200, target, () -> Long.toString(sequence.incrementAndGet()), "wait=5", 201)
            .run(Duration.ofSeconds(1));

    assertThat(bodies).hasSize(200).doesNotHaveDuplicates();
    assertThat(prefers).containsOnly("wait=5");
    assertThat(measured.errors()).isEqualTo(40);
    assertThat(measured.count()).isEqualTo(160);
  }

  @Test
  void keepsSendingAtItsRate_whileEarlierAnswersAreSlow_andMeasuresFromWhenEachWasDue()
      throws Exception {
    URI target = serve(Duration.ofMillis(200), body -> 201);
    AtomicLong sequence = new AtomicLong();

    Measurement measured =
        new HttpOpenLoop(100, target, () -> Long.toString(sequence.incrementAndGet()), null, 201)
            .run(Duration.ofSeconds(1));

    assertThat(measured.count()).isEqualTo(100);
    assertThat(measured.errors()).isZero();
    assertThat(measured.p50Ms()).isGreaterThanOrEqualTo(200);
    // 100 a second answered after 200 ms: about 20 at once, had the loop not waited for answers
    assertThat(mostInFlight.get()).isGreaterThanOrEqualTo(10);
    assertThat(prefers).containsOnlyNulls();
  }

  @Test
  void countsRequestsThatFindNoServerAsErrors() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI target = URI.create("http://127.0.0.1:" + closedPort + "/api/things");

    Measurement measured =
        new HttpOpenLoop(50, target, () -> "{}", null, 201).run(Duration.ofMillis(500));

    assertThat(measured.count()).isZero();
    assertThat(measured.errors()).isEqualTo(25);
  }
}
