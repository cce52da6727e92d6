package dev.nis.common.testing.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.PrivateRedisServer;
import dev.nis.common.testing.RunningService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backpressure on accepting ({@code COMMAND_QUEUE_LIMIT}, {@code COMMAND_QUEUE_WAIT}): with
 * applying stopped (its Redis gone), the service accepts commands up to the limit; one more waits
 * for the admission wait, then is a 503 problem with {@code Retry-After} that queued and recorded
 * nothing; a mutation waiting when applying resumes is accepted once the queue falls under the
 * limit, and every accepted command ends applied.
 */
public abstract class CommandQueueLimitContract {
  private static final int LIMIT = 3;
  private static final Duration WAIT = Duration.ofSeconds(4);

  /** JetStream's counts of the command consumer: not yet delivered, and delivered not yet acked. */
  private static final Pattern UNAPPLIED =
      Pattern.compile(
          "nis_queue_(?:ack_)?pending\\{consumer=\"[a-z]+-command-applier\"[^}]*} ([0-9.E]+)");

  private final ServiceFixture fixture;
  private final String base;

  protected CommandQueueLimitContract(ServiceFixture fixture) {
    this.fixture = fixture;
    this.base = fixture.service().basePath();
  }

  protected void overTheLimit_mutationsWaitThenAre503_andNothingIsQueued() throws Exception {
    try (PrivateRedisServer redis = PrivateRedisServer.onFreePort().start();
        RunningService env =
            fixture
                .prepare(
                    Map.of(
                        "REDIS_URL", redis.url(),
                        "COMMAND_QUEUE_LIMIT", String.valueOf(LIMIT),
                        "COMMAND_QUEUE_WAIT", WAIT.toSeconds() + "s"))
                .startInProcess()) {
      ApiClient api = env.api();
      redis.stop();

      List<String> operations = new ArrayList<>();
      for (int i = 0; i < LIMIT; i++) {
        ApiClient.Reply accepted = api.post(base, fixture.body("Queued " + i));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        operations.add(accepted.data().get("operation_id").asText());
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(queued(api))
                      .as(
                          () ->
                              api.get("/metrics")
                                  .body()
                                  .lines()
                                  .filter(l -> l.contains("queue"))
                                  .toList()
                                  .toString())
                      .isEqualTo(LIMIT));

      long start = System.nanoTime();
      ApiClient.Reply refused = api.post(base, fixture.body("Refused"));
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(refused.json().get("detail").asText()).contains("limit " + LIMIT);
      assertThat(waited).isGreaterThanOrEqualTo(WAIT);
      assertThat(queued(api)).as("the refused command was not queued").isEqualTo(LIMIT);

      CompletableFuture<ApiClient.Reply> waiting =
          CompletableFuture.supplyAsync(() -> api.post(base, fixture.body("Admitted")));
      redis.start();
      ApiClient.Reply admitted = waiting.get();
      assertThat(admitted.status()).as(admitted.body()).isEqualTo(202);
      operations.add(admitted.data().get("operation_id").asText());

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                for (String operation : operations) {
                  assertThat(status(api, operation)).isEqualTo("applied");
                }
              });
      List<String> names = api.get(base + "?limit=100").data().findValuesAsText("name");
      assertThat(names).contains("Queued 0", "Admitted").doesNotContain("Refused");
      String metrics = api.get("/metrics").body();
      assertThat(metrics)
          .containsPattern("nis_command_queue_full_total\\{outcome=\"refused\"[^}]*} 1\\.0")
          .containsPattern("nis_command_queue_full_total\\{outcome=\"waited\"[^}]*} [2-9]\\.0");
    }
  }

  /** JetStream's count of this service's commands not yet applied, as the service reads it. */
  private static long queued(ApiClient api) {
    Matcher m = UNAPPLIED.matcher(api.get("/metrics").body());
    long sum = 0;
    while (m.find()) {
      sum += (long) Double.parseDouble(m.group(1));
    }
    return sum;
  }

  private String status(ApiClient api, String operation) {
    return api.get(base + "/operations/" + operation).data().get("status").asText();
  }
}
