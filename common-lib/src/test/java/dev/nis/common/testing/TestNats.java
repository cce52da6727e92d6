package dev.nis.common.testing;

import dev.nis.common.jetstream.BucketSpec;
import dev.nis.common.jetstream.ConsumerSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.Partitions;
import dev.nis.common.jetstream.StreamSpec;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's NATS server with a namespace of the test's own: every stream and bucket of the
 * contract is created under it, and deleted again on {@link #close()}.
 */
public final class TestNats implements AutoCloseable {
  public static final String URL =
      System.getenv().getOrDefault("NATS_URL", "nats://127.0.0.1:4222");

  private final Connection connection;
  private final JetStreamContract contract;

  private TestNats(Connection connection, JetStreamContract contract) {
    this.connection = connection;
    this.contract = contract;
  }

  /** Connects and provisions the contract under a fresh random namespace. */
  public static TestNats provisioned() throws Exception {
    return provisionedAt(URL);
  }

  /** The same, on the NATS server at {@code url} (e.g. a {@link PrivateNatsServer}). */
  public static TestNats provisionedAt(String url) throws Exception {
    TestNats nats = new TestNats(connect(url), new JetStreamContract(randomNamespace()));
    nats.provision();
    return nats;
  }

  /**
   * A namespace that something else provisions (the initializer, in a test of it), on the servers
   * at {@code url} (one, or a cluster's, comma-separated); {@link #close()} still deletes it.
   */
  public static TestNats adopt(String url, String namespace) throws Exception {
    return new TestNats(connect(url), new JetStreamContract(namespace));
  }

  public static String randomNamespace() {
    return "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36);
  }

  public static Connection connect() throws IOException, InterruptedException {
    return connect(URL);
  }

  private static Connection connect(String url) throws IOException, InterruptedException {
    return Nats.connect(
        Options.builder()
            .server(url)
            .connectionTimeout(Duration.ofSeconds(2))
            .maxReconnects(-1)
            .build());
  }

  private void provision() throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    for (StreamSpec stream : contract.streams()) {
      jsm.addStream(stream.configuration());
    }
    KeyValueManagement kvm = connection.keyValueManagement();
    for (BucketSpec bucket : contract.buckets()) {
      kvm.create(bucket.configuration());
    }
  }

  public Connection connection() {
    return connection;
  }

  public JetStreamContract contract() {
    return contract;
  }

  /**
   * Messages both services' consumers (commands and enrollment log, every partition) have not
   * finished: stored and not delivered, or delivered and not acked. A consumer not created yet
   * counts as unfinished.
   */
  public long unfinishedMessages() throws IOException, JetStreamApiException {
    var management = connection.jetStreamManagement();
    long unfinished = 0;
    for (String service : List.of("courses", "students")) {
      for (ConsumerSpec spec :
          List.of(contract.commandsConsumer(service), contract.enrollmentConsumer(service))) {
        for (int p = 0; p < Partitions.COUNT; p++) {
          try {
            var info = management.getConsumerInfo(spec.stream(), spec.durable(p));
            unfinished += info.getNumPending() + info.getNumAckPending();
          } catch (JetStreamApiException e) {
            unfinished++;
          }
        }
      }
    }
    return unfinished;
  }

  public String namespace() {
    return contract.namespace();
  }

  @Override
  public void close() throws Exception {
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      for (StreamSpec stream : contract.streams()) {
        jsm.deleteStream(stream.name());
      }
      KeyValueManagement kvm = connection.keyValueManagement();
      for (BucketSpec bucket : contract.buckets()) {
        kvm.delete(bucket.name());
      }
    } finally {
      connection.close();
    }
  }
}
