package dev.nis.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.application.port.out.Lease;
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
  private final List<String> events = new CopyOnWriteArrayList<>();

  /** A lease this holder always holds; records its release. */
  private final class HeldLease implements Lease {
    @Override
    public boolean acquireOrRenew() {
      return true;
    }

    @Override
    public boolean held() {
      return true;
    }

    @Override
    public void release() {
      events.add("released");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a speed assertion
  void aRunInProgress_isInterruptedAtTheStop_thenTheLeaseIsGivenUp() throws Exception {
    CountDownLatch began = new CountDownLatch(1);
    Runnable run =
        () -> {
          began.countDown();
          try {
            new CountDownLatch(1).await(); // a paced run resting: returns only when interrupted
          } catch (InterruptedException e) {
            events.add("interrupted");
          }
        };
    LeasedSchedule schedule =
        new LeasedSchedule(
            "stop-test", new HeldLease(), Duration.ofMinutes(1), Duration.ofMillis(10), run);
    assertThat(began.await(30, TimeUnit.SECONDS)).as("the first run began").isTrue();

    // a grace far longer than the guard: only an interrupt at once lets close return in time
    schedule.close(Duration.ofMinutes(10));

    assertThat(events).containsExactly("interrupted", "released");
  }

  @Test
  void aStopBetweenRuns_givesTheLeaseUp_andRunsNoMore() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    List<Long> runs = new CopyOnWriteArrayList<>();
    LeasedSchedule schedule =
        new LeasedSchedule(
            "stop-test",
            new HeldLease(),
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

    assertThat(events).containsExactly("released");
    assertThat(runs).hasSize(afterStop);
  }
}
