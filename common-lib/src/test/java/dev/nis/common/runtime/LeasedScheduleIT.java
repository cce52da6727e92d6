package dev.nis.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nis.common.jetstream.BucketSpec;
import dev.nis.common.jetstream.JetStreamLease;
import dev.nis.common.testing.TestNats;
import io.nats.client.Connection;
import io.nats.client.KeyValueManagement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One runner at a time across replicas (issue 13, part 2): two schedules of the same task on two
 * NATS connections, as two replicas would hold them, under one lease of a bucket with a short time
 * to live. Only one runs; when its replica is cut off (its connection closed, as a killed process
 * leaves it), it stops before the other takes over, and the other does take over.
 */
class LeasedScheduleIT {
  private static final Duration TTL = Duration.ofMillis(1500);
  private static final Duration INTERVAL = Duration.ofMillis(40);

  /** One run of the task: who ran it, when it started and ended (nanoTime). */
  record Run(String runner, long start, long end) {}

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private final List<Run> runs = new CopyOnWriteArrayList<>();

  @Test
  void twoRunnersNeverRunAtOnce_andTheSurvivorTakesOverFromACutOffOne() throws Exception {
    String bucket = "lease_" + TestNats.randomNamespace();
    try (Connection admin = TestNats.connect();
        Connection first = TestNats.connect();
        Connection second = TestNats.connect()) {
      KeyValueManagement kvm = admin.keyValueManagement();
      kvm.create(new BucketSpec(bucket, TTL, 1, "LeasedScheduleIT").configuration());
      try (LeasedSchedule a = schedule(first, bucket, "a");
          LeasedSchedule b = schedule(second, bucket, "b")) {
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() >= 10);
        Thread.sleep(1000);
        List<String> runners = runs.stream().map(Run::runner).distinct().toList();
        assertThat(runners).as("only the lease's holder runs").hasSize(1);
        String holder = runners.getFirst();
        String other = holder.equals("a") ? "b" : "a";

        (holder.equals("a") ? first : second).close();
        long cutOff = System.nanoTime();
        await()
            .atMost(TTL.multipliedBy(4))
            .until(() -> runs.stream().anyMatch(r -> r.runner().equals(other)));
        Thread.sleep(500);

        long lastOfHolder =
            runs.stream()
                .filter(r -> r.runner().equals(holder))
                .mapToLong(Run::end)
                .max()
                .orElseThrow();
        long firstOfOther =
            runs.stream()
                .filter(r -> r.runner().equals(other))
                .mapToLong(Run::start)
                .min()
                .orElseThrow();
        assertThat(lastOfHolder)
            .as("the cut-off holder stopped before the other began")
            .isLessThan(firstOfOther);
        assertThat(Duration.ofNanos(firstOfOther - cutOff))
            .as("the other took over once the lease ran out")
            .isLessThan(TTL.multipliedBy(2));
        assertThat(mostAtOnce.get()).as("runs at once, ever").isEqualTo(1);
      } finally {
        kvm.delete(bucket);
      }
    }
  }

  private LeasedSchedule schedule(Connection connection, String bucket, String runner)
      throws Exception {
    var lease = new JetStreamLease(connection, bucket, TTL, "job", runner);
    return new LeasedSchedule(
        "job-" + runner, lease, TTL.dividedBy(3), INTERVAL, () -> run(runner));
  }

  private void run(String runner) {
    long start = System.nanoTime();
    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running.decrementAndGet();
      runs.add(new Run(runner, start, System.nanoTime()));
    }
  }
}
