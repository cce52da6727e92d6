package dev.nis.common.testing;

import dev.nis.common.jetstream.ConsumerSpec;
import dev.nis.common.jetstream.Partitions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One service against the machine's NATS and Redis under a namespace and cache key prefix of its
 * own, and the store settings its test gives: started in this JVM ({@link #startInProcess()}), or
 * as a separate process with the same settings ({@link #process()}). Closing it stops the service,
 * removes its cache keys and deletes the namespace.
 */
public final class RunningService implements AutoCloseable {
  public static final String REDIS_URL =
      System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");

  /** Starts the service in this JVM from its environment (the service's own config parsing). */
  @FunctionalInterface
  public interface InProcessStart {
    InProcessApp start(Map<String, String> environment) throws Exception;
  }

  /** A service started in this JVM: its ports, and how to stop it. */
  public record InProcessApp(int httpPort, int grpcPort, Runnable close) {}

  private final Service service;
  private final TestNats nats;
  private final Map<String, String> environment;
  private final InProcessStart starter;
  private InProcessApp app;
  private final List<InProcessApp> replicas = new ArrayList<>();

  private RunningService(
      Service service, TestNats nats, Map<String, String> environment, InProcessStart starter) {
    this.service = service;
    this.nats = nats;
    this.environment = environment;
    this.starter = starter;
  }

  /**
   * Provisions a namespace and prepares the settings (the store's, then {@code overrides}), without
   * starting the service.
   */
  public static RunningService prepare(
      Service service,
      Map<String, String> store,
      Map<String, String> overrides,
      InProcessStart starter)
      throws Exception {
    TestNats nats = TestNats.provisioned();
    String prefix = service.serviceName().toUpperCase();
    Map<String, String> env = new HashMap<>();
    env.put(prefix + "_HTTP_PORT", "0");
    env.put(prefix + "_GRPC_PORT", "0");
    env.putAll(store);
    env.put("REDIS_URL", REDIS_URL);
    env.put("NATS_URL", TestNats.URL);
    env.put("NIS_NAMESPACE", nats.namespace());
    env.put("CACHE_KEY_PREFIX", nats.namespace() + ":" + service.serviceName() + ":");
    env.put(service.peerTargetVariable(), "127.0.0.1:" + Ports.free());
    env.put("SHUTDOWN_GRACE", "5s");
    env.putAll(overrides);
    return new RunningService(service, nats, env, starter);
  }

  public RunningService startInProcess() throws Exception {
    app = starter.start(Map.copyOf(environment));
    return this;
  }

  /**
   * Another replica of the service in this JVM, with the same settings (store, NATS namespace,
   * cache prefix) on ports of its own; it stops with this one. Its API client is returned.
   */
  public ApiClient startReplica() throws Exception {
    InProcessApp replica = starter.start(Map.copyOf(environment));
    replicas.add(replica);
    return new ApiClient(URI.create("http://127.0.0.1:" + replica.httpPort()));
  }

  /** A launcher of the service as a separate JVM with these settings, on ports of its own. */
  public ServiceProcess process() throws IOException {
    return processBuilder().build();
  }

  /** {@link #process()} before it is built, for a test that sets more (e.g. its logging). */
  public ServiceProcess.Builder processBuilder() throws IOException {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("LOG_LEVEL", "INFO");
    return service.process().env(env).onFreePorts();
  }

  public Service service() {
    return service;
  }

  public Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  public TestNats nats() {
    return nats;
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + app.httpPort());
  }

  public int grpcPort() {
    return app.grpcPort();
  }

  public ApiClient api() {
    return new ApiClient(baseUri());
  }

  /** How many commands the service's command streams hold, over every partition. */
  public long queuedCommands() throws IOException, JetStreamApiException {
    var management = nats.connection().jetStreamManagement();
    long queued = 0;
    for (int p = 0; p < Partitions.COUNT; p++) {
      queued +=
          management
              .getStreamInfo(service.commandsStream(nats.contract(), p))
              .getStreamState()
              .getMsgCount();
    }
    return queued;
  }

  /** The newest command on the service's command streams, whichever its partition. */
  public MessageInfo lastCommand() throws IOException, JetStreamApiException {
    var management = nats.connection().jetStreamManagement();
    MessageInfo newest = null;
    for (int p = 0; p < Partitions.COUNT; p++) {
      String stream = service.commandsStream(nats.contract(), p);
      long last = management.getStreamInfo(stream).getStreamState().getLastSequence();
      if (last == 0) {
        continue;
      }
      MessageInfo message = management.getMessage(stream, last);
      if (newest == null || message.getTime().isAfter(newest.getTime())) {
        newest = message;
      }
    }
    if (newest == null) {
      throw new IllegalStateException("no command queued on " + service);
    }
    return newest;
  }

  /** Commands delivered to the service's consumers and not acked yet, over every partition. */
  public long commandsAckPending() throws IOException, JetStreamApiException {
    var management = nats.connection().jetStreamManagement();
    ConsumerSpec spec = service.commandsConsumer(nats.contract());
    long pending = 0;
    for (int p = 0; p < Partitions.COUNT; p++) {
      pending += management.getConsumerInfo(spec.stream(p), spec.durable(p)).getNumAckPending();
    }
    return pending;
  }

  public void stop() {
    replicas.forEach(replica -> replica.close().run());
    replicas.clear();
    if (app != null) {
      app.close().run();
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    deleteCacheKeys(environment.get("CACHE_KEY_PREFIX"));
    nats.close();
  }

  private static void deleteCacheKeys(String prefix) {
    RedisClient client = RedisClient.create(REDIS_URL);
    try (var connection = client.connect()) {
      var commands = connection.sync();
      ScanIterator<String> keys =
          ScanIterator.scan(commands, ScanArgs.Builder.matches(prefix + "*"));
      while (keys.hasNext()) {
        commands.del(keys.next());
      }
    } catch (RuntimeException redisDown) {
      // nothing to clean when Redis is unreachable
    } finally {
      client.shutdown();
    }
  }
}
