package dev.nis.common.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nis.common.application.CacheRead;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.testing.PrivateRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The connection is there from the first command and heals by itself: a Redis that starts late or
 * restarts is used again within the bound of issue 10, as both services' caches (built on {@link
 * GenerationGuardedCache}) see it, and {@link RedisConnector#awaitReady} says when.
 */
class RedisConnectorIT {
  private static final String REDIS_URL =
      System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
  private static final String VALUE_KEY = "nis-test:value";
  private static final String GENERATION_KEY = "nis-test:generation";
  private static final Duration OUTAGE = Duration.ofSeconds(10);
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(2);
  private static final long GIVE_UP_NANOS = Duration.ofSeconds(20).toNanos();

  @Test
  void aRedisThatStartsLate_orRestarts_isUsedAgainWithoutHelp_andAwaitReadySaysWhen()
      throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs redis-server");
    try (PrivateRedisServer redis = PrivateRedisServer.onFreePort();
        RedisConnector connector = RedisConnector.create(redis.url())) {
      GenerationGuardedCache cache = new GenerationGuardedCache(connector, Duration.ofMinutes(1));
      assertThat(read(cache)).isEqualTo(CacheRead.unavailable());
      assertThat(connector.ping()).isFalse();
      assertThat(connector.awaitReady(Duration.ofSeconds(1))).isFalse();

      redis.start();
      assertThat(connector.awaitReady(RECOVERY_BOUND)).as("ready once Redis answers").isTrue();
      assertThat(read(cache).fillToken()).isPresent();
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

  /**
   * Down for 10 s: by lettuce's default back-off (1 ms doubling up to 30 s) its attempts are then 8
   * s apart, the next one about 16 s after the drop (7.2 s after the return, measured). The bound
   * is the one issue 10 sets for applying (which invalidates) and for cached reads.
   */
  @Test
  void afterALongOutage_invalidationsAndReadsUseRedisAgainWithinTwoSecondsOfItsReturn()
      throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs redis-server");
    Logger outageLogger = (Logger) LoggerFactory.getLogger(RedisOutageLog.class);
    ListAppender<ILoggingEvent> outageLines = new ListAppender<>();
    outageLines.start();
    outageLogger.addAppender(outageLines);
    outageLogger.setLevel(Level.DEBUG);
    try (PrivateRedisServer redis = PrivateRedisServer.onFreePort().start();
        RedisConnector connector = RedisConnector.create(redis.url())) {
      GenerationGuardedCache cache = new GenerationGuardedCache(connector, Duration.ofMinutes(1));
      assertThat(invalidates(cache)).isTrue();

      redis.stop();
      long down = System.nanoTime();
      while (System.nanoTime() - down < OUTAGE.toNanos()) {
        assertThat(read(cache)).isEqualTo(CacheRead.unavailable());
        assertThat(invalidates(cache)).isFalse();
        Thread.sleep(250);
      }
      redis.start();
      long back = System.nanoTime();

      Duration toInvalidate = null;
      Duration toRead = null;
      while ((toInvalidate == null || toRead == null) && System.nanoTime() - back < GIVE_UP_NANOS) {
        if (toInvalidate == null && invalidates(cache)) {
          toInvalidate = Duration.ofNanos(System.nanoTime() - back);
        }
        if (toRead == null && read(cache).fillToken().isPresent()) {
          toRead = Duration.ofNanos(System.nanoTime() - back);
        }
        Thread.sleep(10);
      }
      System.out.printf(
          "Redis back after %d s down: first invalidation after %s, first cache read after %s%n",
          OUTAGE.toSeconds(), millis(toInvalidate), millis(toRead));
      assertThat(toInvalidate).as("invalidation (apply path)").isLessThan(RECOVERY_BOUND);
      assertThat(toRead).as("cache read").isLessThan(RECOVERY_BOUND);
    } finally {
      outageLogger.detachAppender(outageLines);
      outageLogger.setLevel(null);
    }
    // the outage in a few lines: one WARN at its start, the attempts at DEBUG, an INFO at its end
    assertThat(outageLines.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .singleElement()
        .asString()
        .contains("lost");
    assertThat(outageLines.list)
        .filteredOn(e -> e.getLevel() == Level.DEBUG)
        .as("lettuce's failed reconnect attempts")
        .isNotEmpty();
    assertThat(outageLines.list.getLast().getLevel()).isEqualTo(Level.INFO);
    assertThat(outageLines.list.getLast().getFormattedMessage()).contains("back after");
  }

  @Test
  void aFreshConnector_answersItsFirstCommands_evenWhenSeveralArriveAtOnce() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs redis-server");
    int callers = 4;
    try (PrivateRedisServer redis = PrivateRedisServer.onFreePort().start()) {
      // netty's and lettuce's classes loaded first: on a loaded machine (a CI run beside other
      // work, load average 7) loading them took the first attempt past its 2 s, which is the
      // start-up path's concern, not this test's (several first commands on a fresh connector)
      try (RedisConnector warm = RedisConnector.create(redis.url())) {
        warm.commands().ping();
      } catch (RuntimeException slowEvenSo) {
        // the classes are loaded all the same
      }
      firstCommandsAtOnce(redis, callers);
    }
  }

  private static void firstCommandsAtOnce(PrivateRedisServer redis, int callers) throws Exception {
    try (RedisConnector connector = RedisConnector.create(redis.url());
        ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> pings = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        pings.add(
            pool.submit(
                () -> {
                  go.await();
                  return connector.commands().ping();
                }));
      }
      go.countDown();

      for (Future<String> ping : pings) {
        assertThat(ping.get()).isEqualTo("PONG");
      }
    }
  }

  /**
   * A new connection's handshake (HELLO) is timed by the connect timeout (1 s), not by a command's
   * (250 ms): a service starting on busy cores logged a Redis that was up as unreachable when its
   * handshake took longer than 250 ms. Here Redis holds every command for 0.8 s (CLIENT PAUSE): the
   * first attempt must connect, so the first command answers; with the command's timeout on the
   * handshake, the first two attempts time out and the command gives up at ~0.65 s.
   */
  @Test
  void aHandshakeSlowerThanACommandsTimeout_stillConnectsAtTheFirstAttempt() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs redis-server");
    try (PrivateRedisServer redis = PrivateRedisServer.onFreePort().start()) {
      RedisClient pauser = RedisClient.create(redis.url());
      try (StatefulRedisConnection<String, String> pausing = pauser.connect()) {
        pausing.sync().clientPause(800);
        try (RedisConnector connector = RedisConnector.create(redis.url())) {
          assertThat(connector.commands().ping()).isEqualTo("PONG");
        }
      } finally {
        pauser.shutdown();
      }
    }
  }

  /** Once connected, a command keeps its own timeout, shorter than the handshake's. */
  @Test
  void aCommand_timesOutAtItsOwnTimeout_notAtTheHandshakes() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs redis-server");
    try (PrivateRedisServer redis = PrivateRedisServer.onFreePort().start();
        RedisConnector connector = RedisConnector.create(redis.url(), Duration.ofMillis(100))) {
      assertThat(connector.commands().ping()).isEqualTo("PONG");
      RedisClient pauser = RedisClient.create(redis.url());
      try (StatefulRedisConnection<String, String> pausing = pauser.connect()) {
        pausing.sync().clientPause(3_000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> connector.commands().get("nis-test:paused"))
            .isInstanceOf(RedisCommandTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("the command's 100 ms, not the handshake's 1 s")
            .isLessThan(Duration.ofMillis(900));
      } finally {
        pauser.shutdown();
      }
    }
  }

  @Test
  void aClosedConnector_stopsTheTimerItGaveLettuce() {
    List<Thread> before = timerThreads();
    RedisConnector connector = RedisConnector.create(REDIS_URL);
    connector.commands().ping(); // the timer's thread starts with the first timeout it holds
    List<Thread> started = new ArrayList<>(timerThreads());
    started.removeAll(before);
    assertThat(started).as("the connector's own timer thread").isNotEmpty();

    connector.close();

    assertThat(started).noneMatch(Thread::isAlive);
  }

  private static List<Thread> timerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("lettuce-timer"))
        .toList();
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

  private static boolean invalidates(GenerationGuardedCache cache) {
    try {
      cache.invalidate(List.of(GENERATION_KEY), List.of(VALUE_KEY));
      return true;
    } catch (DependencyUnavailableException e) {
      return false;
    }
  }

  private static String millis(Duration elapsed) {
    return elapsed == null ? "(never)" : elapsed.toMillis() + " ms";
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

  /**
   * I3 across a Redis that lost acknowledged writes: restarted from a snapshot older than the last
   * change (a crash with RDB or AOF persistence, or a failover), it still holds an entry that
   * change had replaced. No cache read may answer with it, not even the one in flight at the crash
   * or those in the moment after the reconnection; other prefixes' keys stay.
   */
  @Test
  void aRedisRestartedFromAnOlderSnapshot_servesNoneOfThisPrefixsEntries(@TempDir Path dir)
      throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs redis-server");
    try (PrivateRedisServer redis = PrivateRedisServer.snapshottingIn(dir).start();
        RedisConnector connector =
            RedisConnector.create(redis.url(), RedisConnector.DEFAULT_COMMAND_TIMEOUT, "svc:")) {
      assertThat(connector.awaitReady(RECOVERY_BOUND)).isTrue();
      GenerationGuardedCache cache = new GenerationGuardedCache(connector, Duration.ofMinutes(1));
      connector.commands().set("svc:course:1", bytes("before"));
      connector.commands().set("other:course:1", bytes("theirs"));
      connector.commands().save();
      connector.commands().set("svc:course:1", bytes("after")); // a change the snapshot lacks

      List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      seen.add(seenIn(cache.read("svc:course:1", "svc:course:1:gen", AS_TEXT)));
                    }
                  });
      try {
        while (!seen.contains("after")) {
          Thread.sleep(1);
        }
        redis.kill();
        redis.start(); // loads the snapshot: "before" is back
        assertThat(connector.awaitReady(RECOVERY_BOUND)).as("used again").isTrue();
        Thread.sleep(200);
      } finally {
        reader.interrupt();
        reader.join();
      }

      assertThat(seen).as("the drop was seen").contains("unavailable");
      assertThat(seen).as("reads around the restart").doesNotContain("before");
      assertThat(connector.commands().get("svc:course:1")).as("the restored entry").isNull();
      assertThat(connector.commands().get("other:course:1")).asString(UTF_8).isEqualTo("theirs");
    }
  }

  /**
   * The reads in flight when Redis dies, held in the server by {@code CLIENT PAUSE}: lettuce sends
   * them again on the new connection as it opens, before the run check can delete the restored
   * entry, so their answers must be dropped ({@link RedisConnector#epoch()}), on the blocking and
   * the asynchronous path alike. The commands' timeout is long enough for them to outlive the
   * restart.
   */
  @Test
  void theReadsInFlightWhenRedisDies_doNotAnswerFromTheRestartedServer(@TempDir Path dir)
      throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs redis-server");
    try (PrivateRedisServer redis = PrivateRedisServer.snapshottingIn(dir).start();
        RedisConnector connector =
            RedisConnector.create(redis.url(), Duration.ofSeconds(10), "svc:")) {
      assertThat(connector.awaitReady(RECOVERY_BOUND)).isTrue();
      GenerationGuardedCache cache = new GenerationGuardedCache(connector, Duration.ofMinutes(1));
      connector.commands().set("svc:course:1", bytes("before"));
      connector.commands().save();
      connector.commands().set("svc:course:1", bytes("after"));
      assertThat(seenIn(cache.read("svc:course:1", "svc:course:1:gen", AS_TEXT)))
          .isEqualTo("after");

      RedisClient other = RedisClient.create(redis.url());
      try (StatefulRedisConnection<String, String> pausing = other.connect()) {
        pausing.sync().clientPause(5_000);
      } finally {
        other.shutdown();
      }
      ExecutorService readers = Executors.newSingleThreadExecutor();
      try {
        Future<CacheRead<String>> blocking =
            readers.submit(() -> cache.read("svc:course:1", "svc:course:1:gen", AS_TEXT));
        var async =
            cache.readAsync("svc:course:1", "svc:course:1:gen", AS_TEXT).toCompletableFuture();
        Thread.sleep(300); // both written to the paused server
        assertThat(blocking.isDone()).as("held by the pause").isFalse();
        assertThat(async.isDone()).as("held by the pause").isFalse();
        redis.kill();
        redis.start(); // loads the snapshot: "before" is back

        assertThat(seenIn(blocking.get())).isNotEqualTo("before");
        assertThat(seenIn(async.get())).isNotEqualTo("before");
      } finally {
        readers.shutdownNow();
      }
      assertThat(connector.awaitReady(RECOVERY_BOUND)).as("used again").isTrue();
      assertThat(seenIn(cache.read("svc:course:1", "svc:course:1:gen", AS_TEXT)))
          .as("after the check")
          .isEqualTo("none");
    }
  }

  private static final GenerationGuardedCache.Decoder<String> AS_TEXT =
      stored -> new String(stored, UTF_8);

  private static String seenIn(CacheRead<String> read) {
    if (read.value().isPresent()) {
      return read.value().get();
    }
    return read.fillToken().isPresent() ? "none" : "unavailable";
  }

  /** A service's restart against the same Redis run keeps the entries its prefix holds. */
  @Test
  void aReconnectionToTheSameRun_keepsThePrefixsEntries() {
    String prefix = "nis-test:" + UUID.randomUUID() + ":";
    try (RedisConnector first =
        RedisConnector.create(REDIS_URL, RedisConnector.DEFAULT_COMMAND_TIMEOUT, prefix)) {
      first.commands().set(prefix + "course:1", bytes("kept"));
    }
    try (RedisConnector second =
        RedisConnector.create(REDIS_URL, RedisConnector.DEFAULT_COMMAND_TIMEOUT, prefix)) {
      assertThat(second.commands().get(prefix + "course:1")).asString(UTF_8).isEqualTo("kept");
      second.commands().del(prefix + "course:1", prefix + "redis-run-id");
    }
  }
}
