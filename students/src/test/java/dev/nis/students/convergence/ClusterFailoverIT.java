package dev.nis.students.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.config.Env;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.StreamSpec;
import dev.nis.common.testing.NatsCluster;
import dev.nis.common.testing.TestNats;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.initializer.Main;
import dev.nis.proto.v1.OperationOutcome;
import dev.nis.students.convergence.ConvergenceWorkload.Disruption;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * High availability of the queue: a three-node JetStream cluster of the test's own (three
 * nats-server processes on loopback, {@link NatsCluster}), provisioned by the initializer with 3
 * replicas ({@code NIS_STREAM_REPLICAS=3}); both services connect to all three ({@code NATS_URL}
 * with three URLs). While the convergence workload fires ({@link ConvergenceWorkload}), the server
 * that leads partition 0 of the course commands is killed with SIGKILL, and started again later.
 * I1–I4 must hold exactly: every 202 ends applied or rejected (nothing accepted was lost with the
 * server), the relation agrees on both sides, nothing is applied twice. The pause in applying that
 * the leader's loss caused is printed ({@link FailoverWatch}): the longest time without an outcome
 * written, around the kill, and when the stream and its consumers had new leaders. Replay a run
 * with {@code -Dnis.seed=N}.
 */
class ClusterFailoverIT {
  private static final int ACCEPTED_AT_LEAST = 400;
  private static final Duration FIRING_LIMIT = Duration.ofSeconds(180);
  private static final Duration DOWN_FOR = Duration.ofSeconds(15);
  private static final Duration UP_FOR = Duration.ofSeconds(5);

  @Test
  void nothingAcceptedIsLost_andTheRelationConverges_whenTheStreamLeaderIsKilled()
      throws Exception {
    long seed = Long.getLong("nis.seed", System.nanoTime());
    long started = System.nanoTime();
    String schema = "ha_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    String namespace = TestNats.randomNamespace();
    ConvergenceWorkload workload = new ConvergenceWorkload();
    try (NatsCluster cluster = NatsCluster.start(3);
        InProcessMongo mongo = InProcessMongo.start()) {
      assertThat(provision(cluster.urls(), namespace)).as("the initializer's exit code").isZero();
      FailoverWatch watch = new FailoverWatch();
      try (TestNats nats = TestNats.adopt(cluster.urls(), namespace);
          ConvergenceWorkload.Services services =
              workload.start(cluster.urls(), namespace, mongo, schema, 1)) {
        JetStreamContract contract = nats.contract();
        assertEveryStreamHasThreeReplicas(nats);
        workload.seed();
        // from a server other than the leader of course partition 0's stream, which is to be
        // killed (with it go the leaderships of about a third of every partitioned stream)
        String leaderNow =
            cluster.leaderOf(nats.connection(), contract.commandsStream("courses", 0));
        watch.start(cluster.connectTo((cluster.indexOf(leaderNow) + 1) % cluster.size()), contract);
        AtomicReference<Instant> killedAt = new AtomicReference<>();
        AtomicReference<Instant> restartedAt = new AtomicReference<>();
        AtomicReference<String> victim = new AtomicReference<>();
        List<String> events =
            workload.fire(
                seed,
                ACCEPTED_AT_LEAST,
                FIRING_LIMIT,
                List.of(
                    new Disruption(
                        ACCEPTED_AT_LEAST / 3,
                        "the leader of course partition 0 killed",
                        () -> {
                          String leader =
                              cluster.leaderOf(
                                  nats.connection(), contract.commandsStream("courses", 0));
                          System.out.println(
                              "cluster failover: leaders before the kill: " + leaders(nats));
                          victim.set(leader);
                          killedAt.set(Instant.now());
                          cluster.kill(cluster.indexOf(leader));
                        }),
                    // the workload goes on against two servers for DOWN_FOR, then against three
                    new Disruption(
                        0,
                        "it restarted",
                        () -> {
                          sleepUntil(killedAt.get().plus(DOWN_FOR));
                          restartedAt.set(Instant.now());
                          cluster.restart(cluster.indexOf(victim.get()));
                        }),
                    new Disruption(
                        0, "it caught up", () -> sleepUntil(restartedAt.get().plus(UP_FOR)))));

        assertThat(events).hasSize(3);
        assertThat(workload.accepted)
            .as("seed %d", seed)
            .hasSizeGreaterThanOrEqualTo(ACCEPTED_AT_LEAST);
        workload.verify(
            "3-node NATS cluster, R3, " + victim.get() + " killed: " + events,
            seed,
            nats,
            mongo,
            schema,
            started);
        System.out.println("cluster failover: leaders after: " + leaders(nats));
        watch.print(killedAt.get(), restartedAt.get());
      } finally {
        watch.close();
        ConvergenceWorkload.dropSchema(schema);
      }
    }
  }

  /**
   * What the test sees of the failover, on a connection to a server that stays: each operation's
   * outcome as its applier writes it to the operations bucket (the first write that is not {@code
   * pending}; a core subscription to the bucket's subjects hears every write as it is sent), and
   * JetStream's advisories of course partition 0's stream and its consumer electing new leaders.
   * NATS 2.9.10's Raft followers wait 4–9 s without a heartbeat before they elect (raft.go's
   * election timeout), so until the stream's election no course command is accepted.
   */
  private static final class FailoverWatch implements AutoCloseable {
    private final Map<String, Instant> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Instant> courseOutcomes = new ConcurrentHashMap<>();
    private final Map<String, Instant> elected = new ConcurrentHashMap<>();
    private String stream;
    private Connection connection;

    void start(Connection connection, JetStreamContract contract) throws Exception {
      this.connection = connection;
      this.stream = contract.commandsStream("courses", 0);
      Dispatcher dispatcher = connection.createDispatcher(this::heard);
      dispatcher.subscribe("$KV." + contract.operationsBucket() + ".>");
      dispatcher.subscribe("$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED." + stream);
      dispatcher.subscribe("$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED." + stream + ".>");
      connection.flush(Duration.ofSeconds(5));
    }

    private void heard(Message message) {
      Instant now = Instant.now();
      if (message.getSubject().startsWith("$JS.EVENT.")) {
        elected.putIfAbsent(message.getSubject(), now);
        return;
      }
      try {
        OperationOutcome outcome = OperationOutcome.parseFrom(message.getData());
        if (outcome.getState() != OperationOutcome.State.PENDING) {
          outcomes.putIfAbsent(message.getSubject(), now);
          if (outcome.getEntityId().length() == 24) {
            courseOutcomes.putIfAbsent(message.getSubject(), now);
          }
        }
      } catch (InvalidProtocolBufferException notAnOutcome) {
        // a delete marker or a purge: no outcome
      }
    }

    /**
     * The pause in applying at the leader's loss: the longest interval, from a second before the
     * kill to the restart (the workload fires all along), in which no outcome was written, for all
     * operations and for the courses' alone (the killed server led their stream); and when the
     * stream and its consumers had new leaders.
     */
    void print(Instant killedAt, Instant restartedAt) {
      System.out.printf(
          "cluster failover: pause in applying at the leader's loss (target < 5 s): %d ms without"
              + " any outcome written, %d ms without a course's (%d outcomes heard)%n",
          longestGap(outcomes.values(), killedAt, restartedAt).toMillis(),
          longestGap(courseOutcomes.values(), killedAt, restartedAt).toMillis(),
          outcomes.size());
      Instant streamElected = elected.get("$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED." + stream);
      List<Long> consumers =
          elected.entrySet().stream()
              .filter(e -> e.getKey().contains(".CONSUMER."))
              .filter(e -> e.getValue().isAfter(killedAt) && e.getValue().isBefore(restartedAt))
              .map(e -> Duration.between(killedAt, e.getValue()).toMillis())
              .sorted()
              .toList();
      System.out.printf(
          "cluster failover: %s's new leader elected %s ms after the kill; %d of its partition"
              + " consumers elected a leader, the first %s ms and the last %s ms after the kill%n",
          stream,
          streamElected == null
              ? "(not heard)"
              : Duration.between(killedAt, streamElected).toMillis(),
          consumers.size(),
          consumers.isEmpty() ? "-" : consumers.getFirst(),
          consumers.isEmpty() ? "-" : consumers.getLast());
    }

    @Override
    public void close() throws InterruptedException {
      if (connection != null) {
        connection.close();
      }
    }
  }

  private static void sleepUntil(Instant when) throws InterruptedException {
    long millis = Duration.between(Instant.now(), when).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  /** Runs the initializer as its job does, with 3 replicas; returns its exit code. */
  private static int provision(String urls, String namespace) {
    Map<String, String> env =
        Map.of(
            "NATS_URL",
            urls,
            "NIS_NAMESPACE",
            namespace,
            "NIS_STREAM_REPLICAS",
            "3",
            "INIT_WAIT",
            "30s");
    return new Main(new Env(env), System.err).run();
  }

  private static void assertEveryStreamHasThreeReplicas(TestNats nats) throws Exception {
    var jsm = nats.connection().jetStreamManagement();
    for (StreamSpec spec : nats.contract().streams()) {
      assertThat(jsm.getStreamInfo(spec.name()).getConfiguration().getReplicas())
          .as(spec.name())
          .isEqualTo(3);
    }
    for (String bucket :
        List.of(nats.contract().operationsBucket(), nats.contract().idempotencyBucket())) {
      assertThat(jsm.getStreamInfo("KV_" + bucket).getConfiguration().getReplicas())
          .as(bucket)
          .isEqualTo(3);
    }
  }

  /** Which server leads each stream now. */
  private static Map<String, String> leaders(TestNats nats) throws Exception {
    var jsm = nats.connection().jetStreamManagement();
    Map<String, String> leaders = new LinkedHashMap<>();
    for (StreamSpec spec : nats.contract().streams()) {
      leaders.put(spec.name(), jsm.getStreamInfo(spec.name()).getClusterInfo().getLeader());
    }
    String operations = "KV_" + nats.contract().operationsBucket();
    leaders.put(operations, jsm.getStreamInfo(operations).getClusterInfo().getLeader());
    return leaders;
  }

  private static Duration longestGap(
      java.util.Collection<Instant> times, Instant killedAt, Instant restartedAt) {
    Instant from = killedAt.minusSeconds(1);
    Instant to = restartedAt;
    List<Instant> window = new ArrayList<>(List.of(from));
    times.stream().filter(t -> t.isAfter(from) && t.isBefore(to)).sorted().forEach(window::add);
    window.add(to);
    Duration longest = Duration.ZERO;
    for (int i = 1; i < window.size(); i++) {
      Duration gap = Duration.between(window.get(i - 1), window.get(i));
      if (gap.compareTo(longest) > 0) {
        longest = gap;
      }
    }
    return longest;
  }
}
