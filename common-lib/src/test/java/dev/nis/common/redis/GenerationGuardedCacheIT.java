package dev.nis.common.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.testing.PrivateRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Invalidations made at the same moment go to Redis as one script call over the union of their
 * keys, and each still takes effect: its values gone, its generations moved on, so that a fill with
 * a token handed out before it is refused (README.md, "How a mutation travels", step 3). On a
 * private Redis, which the test pauses (CLIENT PAUSE) to make the invalidations meet.
 */
class GenerationGuardedCacheIT {
  private static final int CALLERS = 12;
  private static final String LIST_GENERATION = "list-generation";
  private static final Duration PAUSE = Duration.ofMillis(600);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  @Test
  void invalidationsMadeTogether_goInFewerCalls_andEachTakesEffect() throws Exception {
    List<Integer> batches = new CopyOnWriteArrayList<>();
    try (PrivateRedisServer server = PrivateRedisServer.onFreePort().start();
        RedisConnector connector = RedisConnector.create(server.url(), COMMAND_TIMEOUT);
        RedisClient admin = RedisClient.create(server.url());
        StatefulRedisConnection<String, String> pauser = admin.connect();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS)) {
      GenerationGuardedCache cache =
          new GenerationGuardedCache(connector, Duration.ofMinutes(1), batches::add);
      List<String> staleTokens = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        String token = read(cache, i).fillToken().orElseThrow();
        cache.fill(generation(i), value(i), token, bytes("before " + i));
        assertThat(read(cache, i).value()).contains("before " + i);
        staleTokens.add(token);
      }

      pauser.sync().clientPause(PAUSE.toMillis());
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        int entity = i;
        calls.add(
            callers.submit(
                () ->
                    cache.invalidate(
                        List.of(generation(entity), LIST_GENERATION), List.of(value(entity)))));
      }
      for (Future<?> call : calls) {
        call.get(PAUSE.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      }

      assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(CALLERS);
      assertThat(batches).hasSizeLessThan(CALLERS);
      for (int i = 0; i < CALLERS; i++) {
        CacheRead<String> after = read(cache, i);
        assertThat(after.value()).as("value %d deleted", i).isEmpty();
        assertThat(after.fillToken()).as("generation %d moved on", i).isPresent();
        assertThat(after.fillToken()).isNotEqualTo(Optional.of(staleTokens.get(i)));
        cache.fill(generation(i), value(i), staleTokens.get(i), bytes("stale " + i));
        assertThat(read(cache, i).value()).as("stale fill %d refused", i).isEmpty();
      }
      assertThat(pauser.sync().get(LIST_GENERATION)).isEqualTo(Integer.toString(batches.size()));
    }
  }

  @Test
  void anInvalidationRedisDoesNotAnswer_throwsDependencyUnavailable_forEachCaller()
      throws Exception {
    PrivateRedisServer server = PrivateRedisServer.onFreePort().start();
    try (RedisConnector connector = RedisConnector.create(server.url())) {
      GenerationGuardedCache cache = new GenerationGuardedCache(connector, Duration.ofMinutes(1));
      cache.invalidate(List.of(generation(0)), List.of(value(0)));
      server.stop();

      assertThatThrownBy(() -> cache.invalidate(List.of(generation(0)), List.of(value(0))))
          .isInstanceOf(DependencyUnavailableException.class);
    } finally {
      server.close();
    }
  }

  private static CacheRead<String> read(GenerationGuardedCache cache, int entity) {
    return cache.read(value(entity), generation(entity), stored -> new String(stored, UTF_8));
  }

  private static String generation(int entity) {
    return "generation:" + entity;
  }

  private static String value(int entity) {
    return "value:" + entity;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
