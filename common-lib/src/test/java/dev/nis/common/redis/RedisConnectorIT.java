package dev.nis.common.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nis.common.application.CacheRead;
import dev.nis.common.testing.PrivateRedisServer;
import io.lettuce.core.ScriptOutputType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The connection heals by itself: a Redis that starts late or restarts is used again, as both
 * services' caches (built on {@link GenerationGuardedCache}) see it.
 */
class RedisConnectorIT {
  private static final String REDIS_URL =
      System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
  private static final String VALUE_KEY = "nis-test:value";
  private static final String GENERATION_KEY = "nis-test:generation";

  @Test
  void aRedisThatStartsLate_orRestarts_isUsedAgainWithoutHelp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs redis-server");
    try (PrivateRedisServer redis = PrivateRedisServer.onFreePort();
        RedisConnector connector = RedisConnector.create(redis.url())) {
      GenerationGuardedCache cache = new GenerationGuardedCache(connector, Duration.ofMinutes(1));
      assertThat(read(cache)).isEqualTo(CacheRead.unavailable());

      redis.start();
      await(() -> read(cache).fillToken().isPresent());
      cache.fill(GENERATION_KEY, VALUE_KEY, read(cache).fillToken().orElseThrow(), bytes("cached"));
      assertThat(read(cache).value()).contains("cached");

      redis.stop();
      long start = System.nanoTime();
      assertThat(read(cache)).isEqualTo(CacheRead.unavailable());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

      redis.start();
      await(() -> read(cache).fillToken().isPresent());
    }
  }

  @Test
  void aScriptRedisDoesNotKnow_isSentOnce_andThenRunBySha() {
    RedisScript script = new RedisScript("return ARGV[1] -- " + UUID.randomUUID());
    try (RedisConnector connector = RedisConnector.create(REDIS_URL)) {
      assertThat(connector.commands().scriptExists(script.sha())).containsExactly(false);

      byte[] answer =
          script.run(
              connector.commands(), ScriptOutputType.VALUE, new String[0], "hi".getBytes(UTF_8));

      assertThat(new String(answer, UTF_8)).isEqualTo("hi");
      assertThat(connector.commands().scriptExists(script.sha())).containsExactly(true);
    }
  }

  private static CacheRead<String> read(GenerationGuardedCache cache) {
    return cache.read(VALUE_KEY, GENERATION_KEY, bytes -> new String(bytes, UTF_8));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 15 s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
