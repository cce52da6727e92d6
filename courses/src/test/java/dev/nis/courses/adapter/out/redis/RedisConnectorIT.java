package dev.nis.courses.adapter.out.redis;

import static dev.nis.courses.testing.CourseFixtures.algebra;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nis.common.application.CacheRead;
import dev.nis.common.redis.RedisConnector;
import dev.nis.common.redis.RedisReadCache;
import dev.nis.common.redis.RedisScript;
import dev.nis.courses.domain.Course;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection heals by itself: a Redis that starts late or restarts is used again. */
class RedisConnectorIT {
  private Process redisServer;

  @AfterEach
  void stopRedisServer() throws InterruptedException {
    stop();
  }

  @Test
  void aRedisThatStartsLate_orRestarts_isUsedAgainWithoutHelp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs redis-server");
    int port = freePort();
    try (RedisConnector connector = RedisConnector.create("redis://127.0.0.1:" + port)) {
      var cache = RedisCourseCache.create(connector, "nis-test:", RedisReadCache.DEFAULT_TTL);
      Course course = algebra();
      assertThat(cache.get(course.id())).isEqualTo(CacheRead.unavailable());

      start(port);
      await(() -> cache.get(course.id()).fillToken().isPresent());
      cache.put(course.id(), course, "0");
      assertThat(cache.get(course.id()).value()).contains(course);

      stop();
      long start = System.nanoTime();
      assertThat(cache.get(course.id())).isEqualTo(CacheRead.unavailable());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

      start(port);
      await(() -> cache.get(course.id()).fillToken().isPresent());
    }
  }

  @Test
  void aScriptRedisDoesNotKnow_isSentOnce_andThenRunBySha() {
    RedisScript script = new RedisScript("return ARGV[1] -- " + UUID.randomUUID());
    try (RedisConnector connector = RedisConnector.create(RedisCourseCacheIT.REDIS_URL)) {
      assertThat(connector.commands().scriptExists(script.sha())).containsExactly(false);

      byte[] answer =
          script.run(
              connector.commands(), ScriptOutputType.VALUE, new String[0], "hi".getBytes(UTF_8));

      assertThat(new String(answer, UTF_8)).isEqualTo("hi");
      assertThat(connector.commands().scriptExists(script.sha())).containsExactly(true);
    }
  }

  private void start(int port) throws IOException {
    redisServer =
        new ProcessBuilder(
                "/usr/bin/redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    await(() -> accepts(port));
  }

  private void stop() throws InterruptedException {
    if (redisServer != null) {
      redisServer.destroy();
      redisServer.waitFor();
      redisServer = null;
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
