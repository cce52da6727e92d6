package dev.nis.common.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether a Redis server is the run a service last checked, and deletes the service's keys
 * when it may not be: a Redis restarted from a snapshot or an append-only file, or a replica
 * promoted in a failover, can hold entries older than changes applied since, whose invalidations it
 * lost (I3). The key {@code <prefix>redis-run-id} holds the {@code run_id} ({@code INFO server}) of
 * the server last checked; a server with another one, or without the key, gets its keys under the
 * prefix deleted (SCAN with MATCH, UNLINK, 1,000 at a time), then the key set to its {@code
 * run_id}. {@link RedisConnector} runs it on every connection before using it.
 */
final class ServerRunCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ServerRunCheck.class);
  private static final int SCAN_COUNT = 1000;

  private final String keyPrefix;
  private final String address;

  /**
   * @param keyPrefix the service's {@code CACHE_KEY_PREFIX}; null: nothing is checked
   * @param address the server's host:port, for the log
   */
  ServerRunCheck(String keyPrefix, String address) {
    this.keyPrefix = keyPrefix;
    this.address = address;
  }

  /**
   * Whether the connected server is the run this service last checked ({@code <prefix>redis-run-id}
   * holds its {@code run_id}); if not, deletes every key under the prefix (SCAN, UNLINK), then
   * records this server's {@code run_id}. Asynchronous, so that it may run on the event loop.
   */
  CompletionStage<Void> check(StatefulRedisConnection<String, byte[]> connected) {
    if (keyPrefix == null) {
      return CompletableFuture.completedFuture(null);
    }
    RedisAsyncCommands<String, byte[]> commands = connected.async();
    String marker = keyPrefix + "redis-run-id";
    return commands
        .info("server")
        .handle(
            (info, failure) -> {
              if (failure == null) {
                return field(info, "run_id");
              }
              if (unwrapped(failure) instanceof RedisCommandExecutionException refused) {
                // INFO renamed or refused (some managed offerings): the run cannot be told apart
                LOG.warn(
                    "Redis at {} refused INFO ({}): a restart that lost writes cannot be detected",
                    address,
                    refused.getMessage());
                return null;
              }
              throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            })
        .thenCompose(
            runId -> {
              if (runId == null) {
                return CompletableFuture.completedFuture(null);
              }
              return commands
                  .get(marker)
                  .thenCompose(
                      stored -> {
                        String last =
                            stored == null ? null : new String(stored, StandardCharsets.UTF_8);
                        if (runId.equals(last)) {
                          return CompletableFuture.completedFuture(null);
                        }
                        return deleteUnder(commands, ScanCursor.INITIAL, 0)
                            .thenCompose(
                                deleted -> {
                                  if (last != null || deleted > 0) {
                                    LOG.info(
                                        "Redis at {} is a run this service has not checked (run_id"
                                            + " {}, last checked {}): deleted its {} keys under"
                                            + " {}, which may be older than changes applied since",
                                        address,
                                        runId,
                                        last == null ? "none" : last,
                                        deleted,
                                        keyPrefix);
                                  }
                                  return commands.set(
                                      marker, runId.getBytes(StandardCharsets.UTF_8));
                                })
                            .thenApply(ok -> (Void) null);
                      });
            });
  }

  private CompletionStage<Long> deleteUnder(
      RedisAsyncCommands<String, byte[]> commands, ScanCursor cursor, long deletedSoFar) {
    ScanArgs args = ScanArgs.Builder.matches(globEscaped(keyPrefix) + "*").limit(SCAN_COUNT);
    return commands
        .scan(cursor, args)
        .thenCompose(
            (KeyScanCursor<String> page) -> {
              CompletionStage<Long> deleted =
                  page.getKeys().isEmpty()
                      ? CompletableFuture.completedFuture(0L)
                      : commands.unlink(page.getKeys().toArray(String[]::new));
              return deleted.thenCompose(
                  count ->
                      page.isFinished()
                          ? CompletableFuture.completedFuture(deletedSoFar + count)
                          : deleteUnder(commands, page, deletedSoFar + count));
            });
  }

  /** {@code s} as a literal in a Redis glob pattern (SCAN's MATCH): {@code * ? [ ] \} escaped. */
  static String globEscaped(String s) {
    return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }

  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /** A field of INFO's answer ({@code name:value} lines). */
  static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    throw new IllegalStateException("INFO has no " + name);
  }
}
