package dev.nis.courses.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.common.testing.PrivateRedisServer;
import dev.nis.courses.testing.TestMongo;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * I6 for Redis: with Redis gone, reads are still correct (from MongoDB) and quick; a change
 * accepted meanwhile is applied once Redis is back, without help.
 */
class RedisOutageIT {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  @Test
  void redisDown_readsStayCorrectFromMongo_andChangesFinishWhenItReturns() throws Exception {
    try (PrivateRedisServer redis = PrivateRedisServer.onFreePort().start();
        RunningCourses env =
            RunningCourses.prepare(mongo, Map.of("REDIS_URL", redis.url())).startInProcess()) {
      Api api = env.api();
      Api.Reply created = api.post("/api/courses", Api.course("Before"), "Prefer", "wait=10");
      assertThat(created.status()).isEqualTo(201);
      String id = created.data().get("id").asText();
      assertThat(api.get("/api/courses/" + id).status()).isEqualTo(200);

      redis.stop();

      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        Api.Reply read = api.get("/api/courses/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.data().get("name").asText()).isEqualTo("Before");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      }
      Api.Reply list = api.get("/api/courses?limit=10");
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.data().findValuesAsText("id")).contains(id);

      Api.Reply accepted = api.put("/api/courses/" + id, Api.course("After"));
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
      assertThat(api.get("/api/courses/" + id).data().get("name").asText()).isEqualTo("After");
      assertThat(api.get("/metrics").body())
          .containsPattern("nis_cache_lookups_total\\{[^}]*result=\"unavailable\"");
    }
  }

  private static String status(Api api, String operation) {
    JsonNode data = api.get("/api/courses/operations/" + operation).data();
    return data.get("status").asText();
  }
}
