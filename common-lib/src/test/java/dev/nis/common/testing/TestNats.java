package dev.nis.common.testing;

import dev.nis.common.jetstream.BucketSpec;
import dev.nis.common.jetstream.ConsumerSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.Partitions;
import dev.nis.common.jetstream.StreamSpec;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's NATS server with a namespace of the test's own: every stream and bucket of the
 * contract is created under it, and deleted again on {@link #close()}.
 */
public final class TestNats implements AutoCloseable {
  public static final String URL =
      System.getenv().getOrDefault("NATS_URL", "nats://127.0.0.1:4222");

  private static final Duration API_WAIT = Duration.ofSeconds(30);

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
    return provisionedAt(url, 1);
  }

  /**
   * The same on a cluster's servers ({@code url}: theirs, comma-separated, e.g. a {@link
   * NatsCluster}'s), every stream and bucket stored by {@code replicas} servers.
   */
  public static TestNats provisionedAt(String url, int replicas) throws Exception {
    TestNats nats = new TestNats(connect(url), new JetStreamContract(randomNamespace()));
    nats.provision(replicas);
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

  /**
   * Creates every stream and bucket at once, as the initializer does: one after the other, the 69
   * streams and buckets of a contract took 0.1–0.25 s on one server and 34 s at 3 replicas on a
   * cluster, where each is a Raft group of its own that the servers elect a leader for. The API
   * requests may then wait behind each other, hence their long timeout.
   */
  private void provision(int replicas) throws IOException, InterruptedException {
    JetStreamOptions patient = JetStreamOptions.builder().requestTimeout(API_WAIT).build();
    JetStreamManagement jsm = connection.jetStreamManagement(patient);
    KeyValueManagement kvm =
        connection.keyValueManagement(KeyValueOptions.builder(patient).build());
    List<Future<?>> creating = new ArrayList<>();
    try (ExecutorService provisioning = Executors.newVirtualThreadPerTaskExecutor()) {
      for (StreamSpec stream : contract.streams()) {
        creating.add(provisioning.submit(() -> jsm.addStream(stream.configuration(replicas))));
      }
      for (BucketSpec bucket : contract.buckets()) {
        creating.add(provisioning.submit(() -> kvm.create(bucket.configuration(replicas))));
      }
    }
    for (Future<?> created : creating) {
      try {
        created.get();
      } catch (ExecutionException e) {
        throw new IOException("provisioning " + contract.namespace() + " failed", e.getCause());
      }
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
  public long unfinishedMessages() throws IOException {
    long[] unfinished = {0};
    forEachPartitionConsumer(
        (durable, info) ->
            unfinished[0] += info == null ? 1 : info.getNumPending() + info.getNumAckPending());
    return unfinished[0];
  }

  /**
   * One line per partition consumer that has not finished (num_pending or num_ack_pending above 0),
   * with JetStream's own view of it: what is stored and not delivered, delivered and not acked,
   * pull requests waiting, redeliveries, the delivered and ack-floor sequences (consumer / stream)
   * with their last activity, and the consumer's leader and replicas. Tells a stalled partition's
   * cause apart: a message held unacked and never redelivered (the server's side) or no pull
   * request waiting (the client's side). Empty when every consumer has finished.
   */
  public List<String> unfinishedConsumers() throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    forEachPartitionConsumer(
        (durable, info) -> {
          if (info == null) {
            lines.add(durable + ": no consumer info");
          } else if (info.getNumPending() > 0 || info.getNumAckPending() > 0) {
            lines.add(describe(info));
          }
        });
    return lines;
  }

  /**
   * Both services' partition consumers (commands and enrollment log, every partition) with
   * JetStream's info of each, or null where the server has none (not created yet).
   */
  private void forEachPartitionConsumer(
      java.util.function.BiConsumer<String, io.nats.client.api.ConsumerInfo> action)
      throws IOException {
    var management = connection.jetStreamManagement();
    for (String service : List.of("courses", "students")) {
      for (ConsumerSpec spec :
          List.of(contract.commandsConsumer(service), contract.enrollmentConsumer(service))) {
        for (int p = 0; p < Partitions.COUNT; p++) {
          io.nats.client.api.ConsumerInfo info;
          try {
            info = management.getConsumerInfo(spec.stream(p), spec.durable(p));
          } catch (JetStreamApiException e) {
            info = null;
          }
          action.accept(spec.durable(p), info);
        }
      }
    }
  }

  private static String describe(io.nats.client.api.ConsumerInfo info) {
    var cluster = info.getClusterInfo();
    String replicas =
        cluster == null || cluster.getReplicas() == null
            ? "[]"
            : cluster.getReplicas().stream()
                .map(
                    r ->
                        r.getName()
                            + (r.isCurrent() ? " current" : " not current")
                            + (r.isOffline() ? " offline" : "")
                            + " lag "
                            + r.getLag()
                            + " active "
                            + r.getActive().toMillis()
                            + " ms")
                .toList()
                .toString();
    return "%s: num_pending %d, num_ack_pending %d, num_waiting %d, num_redelivered %d, delivered %d/%d (last active %s), ack floor %d/%d (last active %s), leader %s, replicas %s"
        .formatted(
            info.getName(),
            info.getNumPending(),
            info.getNumAckPending(),
            info.getNumWaiting(),
            info.getRedelivered(),
            info.getDelivered().getConsumerSequence(),
            info.getDelivered().getStreamSequence(),
            info.getDelivered().getLastActive(),
            info.getAckFloor().getConsumerSequence(),
            info.getAckFloor().getStreamSequence(),
            info.getAckFloor().getLastActive(),
            cluster == null ? "-" : cluster.getLeader(),
            replicas);
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
