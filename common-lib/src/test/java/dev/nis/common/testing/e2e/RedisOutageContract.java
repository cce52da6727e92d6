package dev.nis.common.testing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.common.testing.ApiClient;
import dev.nis.common.testing.PrivateRedisServer;
import dev.nis.common.testing.RunningService;
import java.time.Duration;
import java.util.Map;

/**
 * I6 for Redis: with Redis gone, reads are still correct (from the service's store) and quick; a
 * change accepted meanwhile is applied once Redis is back, without help. Each service's test names
 * the scenario after its store and calls {@link #readsStayCorrectFromTheStore_andChangesFinish()}.
 */
public abstract class RedisOutageContract {
  private final ServiceFixture fixture;
  private final String base;

  protected RedisOutageContract(ServiceFixture fixture) {
    this.fixture = fixture;
    this.base = fixture.service().basePath();
  }

  protected void readsStayCorrectFromTheStore_andChangesFinish() throws Exception {
    try (PrivateRedisServer redis = PrivateRedisServer.onFreePort().start();
        RunningService env = fixture.prepare(Map.of("REDIS_URL", redis.url())).startInProcess()) {
      ApiClient api = env.api();
      ApiClient.Reply created = api.post(base, fixture.body("Before"), "Prefer", "wait=10");
      assertThat(created.status()).isEqualTo(201);
      String id = created.data().get("id").asText();
      assertThat(api.get(base + "/" + id).status()).isEqualTo(200);

      redis.stop();

      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        ApiClient.Reply read = api.get(base + "/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.data().get("name").asText()).isEqualTo("Before");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      }
      ApiClient.Reply list = api.get(base + "?limit=10");
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.data().findValuesAsText("id")).contains(id);

      ApiClient.Reply accepted = api.put(base + "/" + id, fixture.body("After"));
      assertThat(accepted.status()).isEqualTo(202);
      String operation = accepted.data().get("operation_id").asText();
      Thread.sleep(1500);
      assertThat(status(api, operation))
          .as("not applied while stale entries could remain")
          .isEqualTo("pending");

      redis.start();

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!"applied".equals(status(api, operation)) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(status(api, operation)).isEqualTo("applied");
      assertThat(api.get(base + "/" + id).data().get("name").asText()).isEqualTo("After");
      assertThat(api.get("/metrics").body())
          .containsPattern("nis_cache_lookups_total\\{[^}]*result=\"unavailable\"");
    }
  }

  private String status(ApiClient api, String operation) {
    JsonNode data = api.get(base + "/operations/" + operation).data();
    return data.get("status").asText();
  }
}
