package dev.nis.initializer;

import static net.logstash.logback.argument.StructuredArguments.v;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.Replica;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What NATS 2.9 does with a stream's replica count, beyond what its API refuses. It changes the
 * count of a live stream in place (R1 → R3 copies the messages to the new peers while the stream
 * keeps serving; its consumers follow), but on a server that runs alone it accepts an update to
 * more than one replica and keeps one copy, so that case is refused here by name. After a change
 * the stream has no leader for a moment, so provisioning waits for one (and for the new peers to
 * catch up) before going on.
 */
final class Replication {
  private static final Logger log = LoggerFactory.getLogger(Replication.class);

  /** How long a changed stream may take to elect a leader and bring its replicas up to date. */
  static final Duration CATCH_UP = Duration.ofSeconds(30);

  /** Between the two answers that must both show the followers caught up. */
  private static final Duration SETTLE = Duration.ofMillis(500);

  private Replication() {}

  /** Why {@code declared} replicas cannot be had on the server of {@code existing}, if so. */
  static Optional<String> refusal(StreamInfo existing, int declared) {
    if (declared > 1 && existing.getClusterInfo() == null) {
      return Optional.of(
          "num_replicas "
              + declared
              + " needs a JetStream cluster, but this NATS server runs alone (it would accept the"
              + " change and keep one copy); set NIS_STREAM_REPLICAS=1 or provision a cluster");
    }
    return Optional.empty();
  }

  /**
   * Waits until {@code stream} has a leader and {@code replicas - 1} followers that are current
   * with no lag, seen so in two answers in a row {@link #SETTLE} apart, for at most {@link
   * #CATCH_UP}; logs a warning and returns if that takes longer (JetStream goes on).
   *
   * <p>One answer is not enough: a peer added to a live stream is reported current by its Raft
   * group while it may still be copying the stream's messages from the leader, and a follower that
   * is still catching up does not stand for leader. Losing the old leader then left the stream
   * without one (ReplicatedProvisioningIT failed so in a clean-clone CI run: no leader within 60
   * s).
   */
  static void awaitCaughtUp(JetStreamManagement jsm, String stream, int replicas)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    String state = "no answer";
    int settledAnswers = 0;
    while (System.nanoTime() < deadline) {
      try {
        ClusterInfo cluster = jsm.getStreamInfo(stream).getClusterInfo();
        if (cluster == null) {
          return;
        }
        List<Replica> followers = cluster.getReplicas() == null ? List.of() : cluster.getReplicas();
        long current = followers.stream().filter(r -> r.isCurrent() && r.getLag() == 0).count();
        if (cluster.getLeader() != null && current == replicas - 1) {
          if (++settledAnswers == 2) {
            return;
          }
          Thread.sleep(SETTLE);
          continue;
        }
        settledAnswers = 0;
        state = "leader " + cluster.getLeader() + ", " + current + " current follower(s)";
      } catch (IOException | JetStreamApiException e) {
        settledAnswers = 0;
        state = String.valueOf(e.getMessage());
      }
      Thread.sleep(200);
    }
    log.warn(
        "stream {} not yet replicated to {} servers after {} ({}); JetStream goes on copying",
        v("name", stream),
        v("replicas", replicas),
        v("waited", CATCH_UP),
        v("state", state));
  }
}
