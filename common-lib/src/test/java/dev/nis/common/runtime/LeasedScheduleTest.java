package dev.nis.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.testing.HeldLease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stop of a schedule whose run is in progress: the run is interrupted at once, not after the
 * grace, and the lease is given up only once the run has returned. Over a lease held in memory (the
 * NATS-backed lease and two replicas: {@code LeasedScheduleIT}).
 */
class LeasedScheduleTest {
  private final HeldLease lease = new HeldLease();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a speed assertion
  void aRunInProgress_isInterruptedAtTheStop_thenTheLeaseIsGivenUp() throws Exception {
    CountDownLatch began = new CountDownLatch(1);
    List<Integer> releasesWhenInterrupted = new CopyOnWriteArrayList<>();
    Runnable run =
        () -> {
          began.countDown();
          try {
            new CountDownLatch(1).await(); // a paced run resting: returns only when interrupted
          } catch (InterruptedException e) {
            releasesWhenInterrupted.add(lease.releases());
          }
        };
    LeasedSchedule schedule =
        new LeasedSchedule("stop-test", lease, Duration.ofMinutes(1), Duration.ofMillis(10), run);
    assertThat(began.await(30, TimeUnit.SECONDS)).as("the first run began").isTrue();

    // a grace far longer than the guard: only an interrupt at once lets close return in time
    schedule.close(Duration.ofMinutes(10));

    assertThat(releasesWhenInterrupted)
        .as("interrupted while the lease was held")
        .containsExactly(0);
    assertThat(lease.releases()).isEqualTo(1);
  }

  @Test
  void aStopBetweenRuns_givesTheLeaseUp_andRunsNoMore() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    List<Long> runs = new CopyOnWriteArrayList<>();
    LeasedSchedule schedule =
        new LeasedSchedule(
            "stop-test",
            lease,
            Duration.ofMinutes(1),
            Duration.ofMillis(10),
            () -> {
              runs.add(System.nanoTime());
              ran.countDown();
            });
    assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();

    schedule.close();
    int afterStop = runs.size();
    Thread.sleep(100);

    assertThat(lease.releases()).isEqualTo(1);
    assertThat(runs).hasSize(afterStop);
  }
}
