package dev.nis.initializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.jetstream.BucketSpec;
import dev.nis.common.jetstream.JetStreamContract;
import dev.nis.common.jetstream.StreamSpec;
import dev.nis.common.testing.NatsCluster;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.KeyValue;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The replica count as configuration ({@code NIS_STREAM_REPLICAS}): raised from 1 to 3 on a live
 * three-node JetStream cluster of the test's own, every message stays and is then held by all three
 * servers, so that the loss of the server that held the only copy loses nothing; on a single
 * server, more than one replica is refused by name with a non-zero exit.
 */
class ReplicatedProvisioningIT {
  private static final int COMMANDS = 200;
  private static final int OUTCOMES = 50;

  @Test
  void raisingReplicasFromOneToThree_keepsEveryMessage_andSurvivesTheFirstLeadersLoss()
      throws Exception {
    try (NatsCluster cluster = NatsCluster.start(3)) {
      // not closed as a namespace: its streams go with the cluster, a server of which is down
      NatsTestNamespace nats = NatsTestNamespace.open(cluster.urls());
      try (Connection ignored = nats.connection) {
        raiseAndLoseTheOnlyCopy(cluster, nats);
      }
    }
  }

  private static void raiseAndLoseTheOnlyCopy(NatsCluster cluster, NatsTestNamespace nats)
      throws Exception {
    JetStreamContract contract = nats.contract;
    assertThat(nats.runInitializer(1)).as(nats.stderr()).isZero();
    String commands = contract.commandsStream("courses", 0);
    JetStream js = nats.connection.jetStream();
    for (int i = 0; i < COMMANDS; i++) {
      js.publish(contract.commandsSubject("courses", 0), ("command " + i).getBytes());
    }
    KeyValue operations = nats.connection.keyValue(contract.operationsBucket());
    for (int i = 0; i < OUTCOMES; i++) {
      operations.put("op" + i, "applied " + i);
    }
    String onlyCopy = cluster.leaderOf(nats.connection, commands);

    assertThat(nats.runInitializer(3)).as(nats.stderr()).isZero();

    for (StreamSpec spec : contract.streams()) {
      StreamInfo info = nats.jsm.getStreamInfo(spec.name());
      assertThat(info.getConfiguration().getReplicas()).as(spec.name()).isEqualTo(3);
      assertThat(info.getClusterInfo().getReplicas()).as(spec.name()).hasSize(2);
    }
    for (BucketSpec spec : contract.buckets()) {
      assertThat(nats.kvm.getStatus(spec.name()).getReplicas()).as(spec.name()).isEqualTo(3);
    }
    assertThat(nats.jsm.getStreamInfo(commands).getStreamState().getMsgCount()).isEqualTo(COMMANDS);
    assertThat(nats.runInitializer(3)).as("a second run changes nothing").isZero();
    // then held by all three: each server's own copy, not only the leader's word that its
    // followers are current (NATS 2.9 has said so of a follower still copying; losing the only
    // full copy then left the stream without a leader: nats-server#6851, #7509)
    String bucketStream = "KV_" + contract.operationsBucket();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              for (int node = 0; node < cluster.size(); node++) {
                assertThat(cluster.storedMessages(node, commands)).isEqualTo(COMMANDS);
                assertThat(cluster.storedMessages(node, bucketStream)).isEqualTo(OUTCOMES);
              }
            });

    cluster.kill(cluster.indexOf(onlyCopy));
    int survivor = (cluster.indexOf(onlyCopy) + 1) % cluster.size();
    try (Connection toSurvivor = cluster.connectTo(survivor)) {
      var jsm = toSurvivor.jetStreamManagement();
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> jsm.getStreamInfo(commands).getClusterInfo().getLeader() != null);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "no leader of "
                + commands
                + " within 60 s of the loss of "
                + onlyCopy
                + "; the initializer wrote:\n"
                + nats.stderr()
                + "\nthe servers wrote:\n"
                + cluster.logTails(40),
            e);
      }
      assertThat(jsm.getStreamInfo(commands).getStreamState().getMsgCount())
          .as("the commands, after the loss of %s, which held them alone before", onlyCopy)
          .isEqualTo(COMMANDS);
      assertThat(
              jsm.getMessage(
                      commands, jsm.getStreamInfo(commands).getStreamState().getLastSequence())
                  .getData())
          .asString(StandardCharsets.UTF_8)
          .isEqualTo("command " + (COMMANDS - 1));
      // each request may time out while the bucket's stream elects its leader: asked again
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(jsm.getStreamInfo(bucketStream).getStreamState().getMsgCount())
                    .isEqualTo(OUTCOMES);
                KeyValue survivingOutcomes = toSurvivor.keyValue(contract.operationsBucket());
                assertThat(survivingOutcomes.get("op" + (OUTCOMES - 1)).getValueAsString())
                    .isEqualTo("applied " + (OUTCOMES - 1));
              });
    }
  }

  @Test
  void aClusterWithAServerDown_isWaitedFor_withinInitWait() throws Exception {
    try (NatsCluster cluster = NatsCluster.start(3);
        NatsTestNamespace nats = NatsTestNamespace.open(cluster.urls())) {
      cluster.kill(2);
      Thread restart =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      Thread.sleep(3000);
                      cluster.restart(2);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });

      int exit = nats.runInitializer(3, "30s");
      restart.join();

      assertThat(exit).as(nats.stderr()).isZero();
      assertThat(
              nats.jsm
                  .getStreamInfo(nats.contract.commandsStream("courses", 0))
                  .getConfiguration()
                  .getReplicas())
          .isEqualTo(3);
    }
  }

  @Test
  void moreThanOneReplica_onASingleServer_isRefusedByName() throws Exception {
    try (NatsTestNamespace fresh = NatsTestNamespace.open()) {
      assertThat(fresh.runInitializer(3)).isNotZero();
      assertThat(fresh.stderr())
          .contains("failed: stream " + fresh.contract.commandsStream("courses", 0))
          .contains("replicas > 1 not supported in non-clustered mode");
    }
    try (NatsTestNamespace existing = NatsTestNamespace.open()) {
      assertThat(existing.runInitializer(1)).isZero();

      assertThat(existing.runInitializer(3)).isNotZero();

      assertThat(existing.stderr())
          .contains("failed: stream " + existing.contract.commandsStream("courses", 0))
          .contains("failed: bucket " + existing.contract.operationsBucket())
          .contains("needs a JetStream cluster");
      assertThat(
              existing
                  .jsm
                  .getStreamInfo(existing.contract.commandsStream("courses", 0))
                  .getConfiguration()
                  .getReplicas())
          .as("left as it was")
          .isEqualTo(1);
    }
  }
}
