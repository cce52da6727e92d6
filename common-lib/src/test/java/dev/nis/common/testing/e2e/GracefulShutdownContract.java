package dev.nis.common.testing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.RunningService;
import dev.nis.common.testing.Service;
import dev.nis.common.testing.ServiceProcess;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM: the service stops taking requests, answers the ones in flight, finishes the command it
 * is applying (nothing left unacknowledged), and exits by itself within the grace period. Each
 * service's {@code GracefulShutdownIT} runs it as a separate process over its own store.
 */
public abstract class GracefulShutdownContract {
  private final ServiceFixture fixture;

  protected GracefulShutdownContract(ServiceFixture fixture) {
    this.fixture = fixture;
  }

  @Test
  void sigterm_finishesInFlightWorkAndExits() throws Exception {
    String base = fixture.service().basePath();
    try (RunningService env = fixture.prepare(Map.of());
        ServiceProcess process = env.process()) {
      process.start();
      ApiClient api = new ApiClient(process.baseUri());
      List<Integer> statuses = new CopyOnWriteArrayList<>();
      List<String> failures = new CopyOnWriteArrayList<>();
      AtomicBoolean firing = new AtomicBoolean(true);
      AtomicInteger names = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      for (int i = 0; i < 4; i++) {
        clients.submit(
            () -> {
              while (firing.get()) {
                try {
                  String name = "Shutdown " + names.incrementAndGet();
                  statuses.add(api.post(base, fixture.body(name)).status());
                } catch (UncheckedIOException e) {
                  failures.add(String.valueOf(e.getCause()));
                  return;
                }
              }
            });
      }
      while (statuses.size() < 100) {
        Thread.sleep(10);
      }

      long start = System.nanoTime();
      int exit = process.terminate(Duration.ofSeconds(15));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      firing.set(false);
      clients.shutdown();
      assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

      assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
      assertThat(took).isLessThan(Duration.ofSeconds(12));
      assertThat(statuses)
          .as("answered requests were accepted, or refused with 503 once draining began")
          .allSatisfy(status -> assertThat(status).isIn(202, 503))
          .filteredOn(status -> status == 202)
          .hasSizeGreaterThanOrEqualTo(100);
      assertThat(failures)
          .as("requests after the stop are refused, never cut off half-way")
          .allSatisfy(
              f ->
                  assertThat(f)
                      .containsAnyOf(
                          "ConnectException",
                          "Connection refused",
                          "closed",
                          // a keep-alive connection the server closed as the request was sent
                          "received no bytes"));
      assertThat(env.commandsAckPending()).as("no command left half-applied").isZero();
      assertThat(Files.readString(process.log()))
          .contains(fixture.service().serviceName() + " stopped");
    }
  }

  /**
   * A request still waiting with {@code Prefer: wait} at SIGTERM gets its 202 with the operation's
   * id, not a connection cut when the grace ends: here an enrollment whose other side (the peer
   * service, not running) never decides it, waiting up to 30 s against a grace of 5.
   */
  @Test
  void sigterm_answersARequestStillWaiting_withIts202() throws Exception {
    String base = fixture.service().basePath();
    try (RunningService env = fixture.prepare(Map.of());
        ServiceProcess process = env.process()) {
      process.start();
      ApiClient api = new ApiClient(process.baseUri());
      ApiClient.Reply created = api.post(base, fixture.body("Waiting one"), "Prefer", "wait=5");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String peer =
          fixture.service() == Service.COURSES
              ? "/students/" + UUID.randomUUID()
              : "/courses/" + HexFormat.of().formatHex(new byte[12]);
      String enroll = base + "/" + created.data().get("id").asText() + peer;
      CompletableFuture<ApiClient.Reply> waiting =
          CompletableFuture.supplyAsync(() -> api.put(enroll, "", "Prefer", "wait=30"));
      Thread.sleep(1_500);
      assertThat(waiting).as("still waiting for the other side").isNotDone();

      long start = System.nanoTime();
      int exit = process.terminate(Duration.ofSeconds(15));
      ApiClient.Reply answer = waiting.get(5, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
      assertThat(answer.status()).as(answer.body()).isEqualTo(202);
      assertThat(answer.data().get("operation_id").asText()).isNotEmpty();
      assertThat(took)
          .as("the waiting request did not hold the drain")
          .isLessThan(Duration.ofSeconds(5));
    }
  }
}
