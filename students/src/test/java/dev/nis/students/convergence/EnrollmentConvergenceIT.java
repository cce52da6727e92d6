package dev.nis.students.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.testing.ServiceProcess;
import dev.nis.common.testing.TestNats;
import dev.nis.courses.adapter.out.mongo.InProcessMongo;
import dev.nis.students.convergence.ConvergenceWorkload.Disruption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * I1–I4 across both services: both run as separate processes, one or two replicas each (the
 * replicas share the apply work through the partitioned consumers); 500+ random concurrent
 * mutations from both sides ({@link ConvergenceWorkload}) while one replica of each service is
 * killed with SIGKILL once and restarted (the workload slowed while it restarts). At quiescence the
 * relation must agree exactly on both sides. Replay a run with {@code -Dnis.seed=N}.
 */
class EnrollmentConvergenceIT {
  private static final int ACCEPTED_AT_LEAST = ConvergenceWorkload.ACCEPTED_AT_LEAST;
  private static final Duration FIRING_LIMIT = Duration.ofSeconds(150);
  private static final Duration DOWN_FOR = Duration.ofSeconds(2);
  private static final Duration RESTART_GAP = Duration.ofMillis(250);

  @ParameterizedTest(name = "{0} replica(s) per service")
  @ValueSource(ints = {1, 2})
  void theRelationConverges_underConcurrentChangesFromBothSidesAndKills(int replicas)
      throws Exception {
    long seed = Long.getLong("nis.seed", System.nanoTime());
    long started = System.nanoTime();
    String schema = "conv_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    ConvergenceWorkload workload = new ConvergenceWorkload();
    try (TestNats nats = TestNats.provisioned();
        InProcessMongo mongo = InProcessMongo.start()) {
      try (ConvergenceWorkload.Services services =
          workload.start(TestNats.URL, nats.namespace(), mongo, schema, replicas)) {
        workload.seed();
        long firing = System.nanoTime();
        List<String> kills =
            workload.fire(
                seed,
                ACCEPTED_AT_LEAST,
                FIRING_LIMIT,
                List.of(
                    killAndRestart(
                        workload, ACCEPTED_AT_LEAST / 3, "courses", services.courses().getLast()),
                    killAndRestart(
                        workload,
                        2 * ACCEPTED_AT_LEAST / 3,
                        "students",
                        services.students().getLast())));

        assertThat(workload.accepted)
            .as("seed %d", seed)
            .hasSizeGreaterThanOrEqualTo(ACCEPTED_AT_LEAST);
        assertThat(kills).hasSize(2);
        workload.verify(
            "%d replica(s) per service, %s, fired for %d s"
                .formatted(
                    replicas, kills, Duration.ofNanos(System.nanoTime() - firing).toSeconds()),
            seed,
            nats,
            mongo,
            schema,
            started);
      } finally {
        ConvergenceWorkload.dropSchema(schema);
      }
    }
  }

  /**
   * Kills {@code victim}; the workload goes on at full rate for {@link #DOWN_FOR} (commands queue
   * for the dead replica, the other side appends entries it must apply), then slowed down to {@link
   * #RESTART_GAP} between each client's mutations while the replica restarts.
   */
  private static Disruption killAndRestart(
      ConvergenceWorkload workload, int atAccepted, String name, ServiceProcess victim) {
    return new Disruption(
        atAccepted,
        name + " killed",
        () -> {
          victim.kill();
          Thread.sleep(DOWN_FOR.toMillis());
          workload.paced(RESTART_GAP, victim::start);
          System.out.printf(
              "convergence: %s restarted, ready %d ms after its JVM was spawned%n",
              name, victim.startupMillis());
        });
  }
}
