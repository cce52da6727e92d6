package dev.nis.initializer;

import dev.nis.common.config.Env;
import dev.nis.common.jetstream.JetStreamContract;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A random namespace on the NATS server of the environment ({@code NATS_URL}, default local), so
 * that tests never see each other's streams; closing it deletes every stream and bucket in it.
 */
final class NatsTestNamespace implements AutoCloseable {
  static final String NATS_URL =
      System.getenv().getOrDefault(InitializerConfig.NATS_URL, InitializerConfig.DEFAULT_NATS_URL);

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  final String url;
  final JetStreamContract contract;
  final Connection connection;
  final JetStreamManagement jsm;
  final KeyValueManagement kvm;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private NatsTestNamespace(String url, JetStreamContract contract, Connection connection)
      throws IOException {
    this.url = url;
    this.contract = contract;
    this.connection = connection;
    this.jsm = connection.jetStreamManagement();
    this.kvm = connection.keyValueManagement();
  }

  static NatsTestNamespace open() throws IOException, InterruptedException {
    return open(NATS_URL);
  }

  /** The same on the servers at {@code url} (one, or a cluster's, comma-separated). */
  static NatsTestNamespace open(String url) throws IOException, InterruptedException {
    Options options =
        new Options.Builder()
            .server(url)
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(-1)
            .build();
    return new NatsTestNamespace(
        url, new JetStreamContract(randomNamespace()), Nats.connect(options));
  }

  private static String randomNamespace() {
    StringBuilder name = new StringBuilder("t");
    for (int i = 0; i < 10; i++) {
      name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return name.toString();
  }

  /** A stream name inside this namespace that the contract does not declare. */
  String foreignStreamName(String suffix) {
    return streamPrefix() + suffix;
  }

  /** Runs the initializer as its process would, with this namespace; returns the exit code. */
  int runInitializer() {
    return runInitializer(1);
  }

  /** The same with {@code NIS_STREAM_REPLICAS} set to {@code replicas}. */
  int runInitializer(int replicas) {
    return runInitializer(replicas, "5s");
  }

  /** The same with {@code INIT_WAIT} set to {@code initWait}. */
  int runInitializer(int replicas, String initWait) {
    return runInitializer(replicas, initWait, "5s");
  }

  /** The same with {@code INIT_DRAIN_WAIT} set to {@code drainWait}. */
  int runInitializer(int replicas, String initWait, String drainWait) {
    Map<String, String> vars =
        Map.of(
            InitializerConfig.NATS_URL,
            url,
            JetStreamContract.NAMESPACE_VARIABLE,
            contract.namespace(),
            InitializerConfig.INIT_WAIT,
            initWait,
            InitializerConfig.STREAM_REPLICAS,
            Integer.toString(replicas),
            InitializerConfig.INIT_DRAIN_WAIT,
            drainWait);
    return new Main(new Env(vars), new PrintStream(stderr, true, StandardCharsets.UTF_8)).run();
  }

  /** What every run of the initializer so far wrote on stderr. */
  String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  ProvisioningReport provision() throws IOException, InterruptedException {
    return JetStreamProvisioner.on(connection, Duration.ofSeconds(5)).provision(contract, 1);
  }

  private String streamPrefix() {
    return contract.namespace().toUpperCase(Locale.ROOT).replace('-', '_') + "_";
  }

  @Override
  public void close() throws IOException, JetStreamApiException {
    try {
      String bucketStreamPrefix = "KV_" + contract.namespace() + "_";
      for (String stream : jsm.getStreamNames()) {
        if (stream.startsWith(streamPrefix()) || stream.startsWith(bucketStreamPrefix)) {
          jsm.deleteStream(stream);
        }
      }
    } finally {
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
