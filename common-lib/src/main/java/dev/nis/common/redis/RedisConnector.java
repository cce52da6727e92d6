package dev.nis.common.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One shared Redis connection (string keys, byte values) that fails fast and heals itself: commands
 * time out after a short while, are rejected at once while the connection is down, and lettuce
 * reconnects in the background. A Redis that is down at start-up is connected to on first use, at
 * most one attempt per second, so that the service can start and serve reads without it.
 */
public final class RedisConnector implements AutoCloseable {
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);
  private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
  private static final long RETRY_CONNECT_AFTER_NANOS = Duration.ofSeconds(1).toNanos();
  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisClient client;
  private final ReentrantLock connecting = new ReentrantLock();
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile long nextAttemptNanos = System.nanoTime();

  private RedisConnector(RedisClient client) {
    this.client = client;
  }

  /** A connector for a URI such as {@code redis://127.0.0.1:6379}; does not connect yet. */
  public static RedisConnector create(String uri) {
    return create(uri, DEFAULT_COMMAND_TIMEOUT);
  }

  public static RedisConnector create(String uri, Duration commandTimeout) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(commandTimeout);
    RedisClient client = RedisClient.create(redisUri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
            .build());
    return new RedisConnector(client);
  }

  /**
   * The commands of the shared connection, connecting first if needed. Throws a {@link
   * io.lettuce.core.RedisException} (fast) when Redis cannot be reached now.
   */
  public RedisCommands<String, byte[]> commands() {
    StatefulRedisConnection<String, byte[]> current = connection;
    return (current != null ? current : connect()).sync();
  }

  private StatefulRedisConnection<String, byte[]> connect() {
    if (System.nanoTime() - nextAttemptNanos < 0 || !connecting.tryLock()) {
      throw new RedisConnectionException("not connected to Redis; retrying shortly");
    }
    try {
      if (connection == null) {
        nextAttemptNanos = System.nanoTime() + RETRY_CONNECT_AFTER_NANOS;
        connection = client.connect(CODEC);
      }
      return connection;
    } finally {
      connecting.unlock();
    }
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, byte[]> current = connection;
    if (current != null) {
      current.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
