package dev.nis.common.redis;

import dev.nis.common.tracing.Tracing;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared Redis connection (string keys, byte values) that fails fast and heals itself: commands
 * time out after a short while and are rejected at once while the connection is down, so that reads
 * go to the database (I6), and the connection comes back within about half a second of Redis
 * answering again.
 *
 * <p>It starts connecting when created. Commands that arrive during that first attempt wait for it
 * (so the first apply after a start does not fail while Redis is up); if Redis cannot be reached,
 * the service starts anyway and the connector keeps trying in the background. Once connected,
 * lettuce reconnects by itself. Both retry with {@link #RECONNECT_DELAY}, not lettuce's default (1
 * ms doubling up to 30 s), which after a ten-second outage waits about eight seconds between
 * attempts. {@link #awaitReady} lets the runtime start what needs Redis once it answers.
 *
 * <p>The commands of concurrent callers go out together ({@link FlushConsolidation}).
 *
 * <p>A Redis that comes back may not hold what it acknowledged: restarted from a snapshot (RDB) or
 * an append-only file written up to a second late, or a replica promoted before it had every write.
 * Its entries of this service may then be older than changes applied since, whose invalidations it
 * lost (I3). So with a key prefix, each connection, the first and every reconnection, is checked
 * before any command goes out over it: the key {@code <prefix>redis-run-id} holds the {@code
 * run_id} of the server this service last checked; a server with another {@code run_id} (or no such
 * key) is another run, and every key under the prefix is deleted before the cache is used again.
 * Until the check is done, commands are refused as while disconnected, so reads go to the database
 * and the consumers wait ({@link #ping} is false).
 */
public final class RedisConnector implements AutoCloseable {
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

  /** 50 ms doubling to at most 500 ms: a returning Redis is used again within about 0.5 s. */
  static final Delay RECONNECT_DELAY =
      Delay.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS);

  /** For the TCP connect and then for the handshake on the new connection, each. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** How long a command waits for the first attempt, which may also load netty's classes. */
  private static final Duration FIRST_ATTEMPT_WAIT = Duration.ofSeconds(2);

  /**
   * How long a command waits for a retry when the first attempt failed within {@link
   * #FIRST_ATTEMPT_WAIT}: on a busy machine a first attempt against a Redis that is up can miss
   * (seen in RedisConnectorIT), while an unreachable Redis must still read as unavailable fast.
   */
  private static final Duration FIRST_RETRY_WAIT = Duration.ofMillis(400);

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

  /** The tick of the commands' timeout timer ({@link #newTimer}). */
  private static final Duration TIMER_TICK = Duration.ofMillis(10);

  private static final Duration READY_POLL = Duration.ofMillis(50);
  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

  private final ClientResources resources;
  private final RedisClient client;
  private final RedisURI uri;
  private final Tracing tracing;

  /** The prefix of this service's keys, checked on each connection; null: not checked. */
  private final String keyPrefix;

  /** Moves on at every connection and disconnection: a check ends in the epoch it began in. */
  private final AtomicLong epoch = new AtomicLong();

  /** Tells a server that may have lost writes; deletes the prefix's keys on one (null: none). */
  private final ServerRunCheck runCheck;

  /** Whether the current connection's server was checked (always, without a key prefix). */
  private volatile boolean checked;

  private final CompletableFuture<Void> firstAttempt;
  private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
  private final long startedNanos = System.nanoTime();
  private volatile long firstFailedNanos;
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile boolean closed;

  /** The outage's few lines (a WARN when it begins, every 30 s, an INFO at its end). */
  private final RedisOutageLog outage;

  private RedisConnector(
      ClientResources resources,
      RedisClient client,
      RedisURI uri,
      Tracing tracing,
      String keyPrefix) {
    this.resources = resources;
    this.client = client;
    this.uri = uri;
    this.tracing = tracing;
    this.keyPrefix = keyPrefix;
    this.checked = keyPrefix == null;
    this.runCheck = new ServerRunCheck(keyPrefix, uri.getHost() + ":" + uri.getPort());
    this.outage = new RedisOutageLog(uri.getHost() + ":" + uri.getPort());
    client.addListener(new Reconnections());
    resources
        .eventBus()
        .get()
        .ofType(ReconnectFailedEvent.class)
        .subscribe(
            failed -> outage.attemptFailed(failed.getAttempt(), rootCause(failed.getCause())));
    this.firstAttempt = attempt(1);
  }

  /**
   * The connection's epoch, which moves on at every disconnection and connection. A reply to a
   * command sent in an earlier epoch may come from another server than the one it was sent to, and
   * from before that server's run check: lettuce (auto-reconnect, at least once) sends the commands
   * in flight at a disconnection again on the new connection as it opens. A read compares the epoch
   * before the command with the epoch at its reply and drops the reply when they differ (I3 across
   * a Redis restarted from an older snapshot).
   */
  long epoch() {
    return epoch.get();
  }

  /** How the round trips over this connection are traced. */
  Tracing tracing() {
    return tracing;
  }

  /** A connector for a URI such as {@code redis://127.0.0.1:6379}; starts connecting. */
  public static RedisConnector create(String uri) {
    return create(uri, DEFAULT_COMMAND_TIMEOUT);
  }

  public static RedisConnector create(String uri, Duration commandTimeout) {
    return create(uri, commandTimeout, Tracing.off(), null);
  }

  /** As above; the caches over it trace each round trip ({@link RedisSpans}). */
  public static RedisConnector create(String uri, Tracing tracing) {
    return create(uri, DEFAULT_COMMAND_TIMEOUT, tracing, null);
  }

  /**
   * A service's connector: traced as above, and each connection checked for a server that may have
   * lost acknowledged writes, whose keys under {@code keyPrefix} (the service's {@code
   * CACHE_KEY_PREFIX}) are then deleted before use (see the class's description).
   */
  public static RedisConnector create(String uri, Tracing tracing, String keyPrefix) {
    return create(uri, DEFAULT_COMMAND_TIMEOUT, tracing, keyPrefix);
  }

  static RedisConnector create(String uri, Duration commandTimeout, String keyPrefix) {
    return create(uri, commandTimeout, Tracing.off(), keyPrefix);
  }

  private static RedisConnector create(
      String uri, Duration commandTimeout, Tracing tracing, String keyPrefix) {
    RedisURI redisUri = RedisURI.create(uri);
    // lettuce times a new connection's handshake (HELLO, the first command a cold JVM sends) by the
    // URI's timeout; at the commands' 250 ms a service starting on busy cores logged Redis as
    // "unreachable" ("Connection initialization timed out after 250 millisecond(s)", two of three
    // starts with both cores taken) and connected 0.2 s later. The commands keep their own timeout:
    // TimeoutOptions below sets it for each one, and lettuce then does not use the URI's.
    redisUri.setTimeout(CONNECT_TIMEOUT);
    ClientResources resources =
        ClientResources.builder()
            .timer(newTimer())
            .reconnectDelay(RECONNECT_DELAY)
            // lettuce times every command into histograms of its own when LatencyUtils is on the
            // class path (Micrometer brings it) and publishes them on an event bus nobody reads:
            // work on every cache read for nothing. The service's own metrics time the calls.
            .commandLatencyRecorder(CommandLatencyRecorder.disabled())
            .nettyCustomizer(new FlushConsolidation())
            .build();
    RedisClient client = RedisClient.create(resources, redisUri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
            .build());
    return new RedisConnector(resources, client, redisUri, tracing, keyPrefix);
  }

  /**
   * The timer of the commands' timeouts ({@link TimeoutOptions}) and of the reconnect delays,
   * ticking every {@link #TIMER_TICK}. Lettuce's own ticks every 100 ms, and a command's timeout
   * holds the command (its arguments, its answer, the bytes read) until the first tick after it was
   * cancelled: under 75k cached reads a second that kept ~2 MiB alive for ~100 ms, through three
   * young collections, so the collector promoted it and the old generation filled into a full
   * collection every 1-2 s (-Xlog:gc+age, 2026-12-05). With a 10 ms tick a command dies before the
   * next young collection; the timer's thread then wakes 100 times a second instead of 10.
   */
  private static Timer newTimer() {
    return new HashedWheelTimer(
        new DefaultThreadFactory("lettuce-timer", true),
        TIMER_TICK.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * The commands of the shared connection. Throws a {@link io.lettuce.core.RedisException} (fast)
   * when Redis cannot be reached now; only in the first {@link #FIRST_ATTEMPT_WAIT} after creation
   * does it wait for the first connection attempt (and, when that one failed, up to {@link
   * #FIRST_RETRY_WAIT} after its failure for a retry).
   */
  public RedisCommands<String, byte[]> commands() {
    StatefulRedisConnection<String, byte[]> current = connection;
    if (current == null) {
      current = afterFirstConnection();
    }
    refuseUnchecked();
    return current.sync();
  }

  private void refuseUnchecked() {
    if (!checked) {
      throw new RedisConnectionException("Redis reconnected; checking it before use");
    }
  }

  /**
   * The asynchronous commands of the shared connection, for callers that must not wait (a gRPC
   * transport thread). Never waits, not even for the first connection attempt: throws a {@link
   * RedisConnectionException} at once while not connected, so that such a read goes to the
   * database.
   */
  public RedisAsyncCommands<String, byte[]> async() {
    StatefulRedisConnection<String, byte[]> current = connection;
    if (current == null) {
      throw new RedisConnectionException("not connected to Redis; connecting in the background");
    }
    refuseUnchecked();
    return current.async();
  }

  /**
   * Whether Redis answers a PING now. Takes at most a command's timeout, or while the first
   * connection attempt is under way, until that attempt ends.
   */
  public boolean ping() {
    try {
      return "PONG".equals(commands().ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Waits until Redis answers a PING, at most {@code timeout}; for the runtime to start what cannot
   * work without Redis (the queue consumers) once it does.
   *
   * @return whether Redis answered in time
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ping()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(READY_POLL);
    }
    return true;
  }

  private StatefulRedisConnection<String, byte[]> afterFirstConnection() {
    try {
      long left = FIRST_ATTEMPT_WAIT.toNanos() - (System.nanoTime() - startedNanos);
      if (left > 0) {
        firstAttempt.get(left, TimeUnit.NANOSECONDS);
        long retryLeft = FIRST_RETRY_WAIT.toNanos() - (System.nanoTime() - firstFailedNanos);
        if (connection == null && retryLeft > 0) {
          firstConnection.get(retryLeft, TimeUnit.NANOSECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // not connected: answered below
    }
    StatefulRedisConnection<String, byte[]> current = connection;
    if (current == null) {
      throw new RedisConnectionException("not connected to Redis; connecting in the background");
    }
    return current;
  }

  /**
   * One connection attempt, its server checked before it is used; a failed one schedules the next.
   * Completes when this one ends.
   */
  private CompletableFuture<Void> attempt(int number) {
    return client
        .connectAsync(CODEC, uri)
        .toCompletableFuture()
        .thenCompose(
            connected -> {
              long current = epoch.get();
              return runCheck
                  .check(connected)
                  .toCompletableFuture()
                  .handle(
                      (ignored, failure) -> {
                        if (failure != null) {
                          connected.closeAsync(); // not published: the next attempt starts anew
                          throw new RedisConnectionException(
                              "Redis could not be checked: " + rootCause(failure), failure);
                        }
                        checked = keyPrefix == null || epoch.get() == current;
                        return connected;
                      });
            })
        .handle(
            (connected, failure) -> {
              if (connected != null) {
                onConnected(connected, number);
              } else {
                onFailed(failure, number);
              }
              return null;
            });
  }

  private void onConnected(StatefulRedisConnection<String, byte[]> connected, int attempts) {
    if (closed) {
      connected.closeAsync();
      return;
    }
    connection = connected;
    if (!checked) {
      // (dis)connected again while its check ran: check the connection as it is now
      checkInBackground(epoch.get(), 1);
    }
    firstConnection.complete(null);
    if (attempts > 1) {
      LOG.info("connected to Redis at {} after {} attempts", address(), attempts);
    }
  }

  private void onFailed(Throwable failure, int number) {
    if (closed) {
      return;
    }
    if (number == 1) {
      firstFailedNanos = System.nanoTime();
      LOG.warn(
          "Redis at {} unreachable ({}); reads go to the database, retrying in the background",
          address(),
          rootCause(failure));
    }
    Duration delay = RECONNECT_DELAY.createDelay(number);
    try {
      resources
          .eventExecutorGroup()
          .schedule(() -> retry(number + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("no further Redis connection attempt: {}", e.toString());
    }
  }

  private void retry(int number) {
    if (closed) {
      return;
    }
    try {
      attempt(number);
    } catch (RuntimeException e) {
      LOG.debug("no further Redis connection attempt: {}", e.toString());
    }
  }

  /**
   * Lettuce's reconnections: a disconnection refuses commands until the next connection's server is
   * checked. Called on the connection's event loop before any command can go out over the new
   * connection (lettuce's {@code ConnectionEventTrigger}); the check itself is asynchronous.
   */
  private final class Reconnections implements RedisConnectionStateListener {
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      epoch.incrementAndGet();
      checked = keyPrefix == null;
      if (!closed) {
        outage.disconnected();
      }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
      outage.connected();
      if (keyPrefix == null) {
        return;
      }
      long current = epoch.incrementAndGet();
      checked = false;
      // the first connection is not published yet: its attempt checks it
      checkInBackground(current, 1);
    }
  }

  /**
   * Checks the published connection's server, and again after a delay while the check fails in the
   * same epoch (a later disconnection or connection starts its own).
   */
  private void checkInBackground(long inEpoch, int number) {
    StatefulRedisConnection<String, byte[]> current = connection;
    if (current == null || closed || epoch.get() != inEpoch) {
      return;
    }
    runCheck
        .check(current)
        .whenComplete(
            (ignored, failure) -> {
              if (epoch.get() != inEpoch) {
                return;
              }
              if (failure == null) {
                checked = true;
                return;
              }
              if (number == 1) {
                LOG.warn(
                    "Redis at {} could not be checked ({}); the cache is unused until it is",
                    address(),
                    rootCause(failure));
              }
              try {
                resources
                    .eventExecutorGroup()
                    .schedule(
                        () -> checkInBackground(inEpoch, number + 1),
                        RECONNECT_DELAY.createDelay(number).toMillis(),
                        TimeUnit.MILLISECONDS);
              } catch (RejectedExecutionException e) {
                LOG.debug("no further Redis check: {}", e.toString());
              }
            });
  }

  /**
   * The innermost cause of a failed attempt, which says what went wrong (refused, timed out); the
   * outer ones only say "Unable to connect to 127.0.0.1/&lt;unresolved&gt;:6379".
   */
  static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.toString();
  }

  private String address() {
    return uri.getHost() + ":" + uri.getPort();
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, byte[]> current = connection;
    if (current != null) {
      current.close();
    }
    client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
    resources
        .shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .awaitUninterruptibly();
    resources.timer().stop(); // a timer given to lettuce is the giver's to stop
  }
}
