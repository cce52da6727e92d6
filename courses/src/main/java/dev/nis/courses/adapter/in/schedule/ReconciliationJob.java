package dev.nis.courses.adapter.in.schedule;

import dev.nis.common.application.port.out.Lease;
import dev.nis.courses.application.Reconciliation;
import dev.nis.courses.application.RelationReconciler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled run of the {@link RelationReconciler} (the runtime calls it every {@code
 * RECONCILE_INTERVAL} on the lease's holder), and its metrics:
 *
 * <ul>
 *   <li>{@code nis_relation_drift{kind="disagreeing_pair"|"dangling_id"}}: what the last run found
 *       (and repaired); 0 on a replica that does not hold the lease, so that the maximum over
 *       replicas is the holder's figure.
 *   <li>{@code nis_relation_repairs_total{kind}}: repairs appended to the enrollment log.
 *   <li>{@code nis_relation_unsettled}: one-sided pairs the last run left to the next (their log
 *       partition was busy).
 *   <li>{@code nis_reconciliation_runs_total{outcome="completed"|"failed"}}.
 * </ul>
 */
public final class ReconciliationJob implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ReconciliationJob.class);
  private static final Reconciliation NONE = new Reconciliation(0, 0, 0, 0, 0, Duration.ZERO);

  private final RelationReconciler reconciler;
  private final Lease lease;
  private final AtomicReference<Reconciliation> last = new AtomicReference<>(NONE);
  private final Counter disagreeingRepairs;
  private final Counter danglingRepairs;
  private final Counter completed;
  private final Counter failed;

  public ReconciliationJob(RelationReconciler reconciler, Lease lease, MeterRegistry registry) {
    this.reconciler = reconciler;
    this.lease = lease;
    drift(registry, "disagreeing_pair", Reconciliation::disagreeingPairs);
    drift(registry, "dangling_id", Reconciliation::danglingIds);
    Gauge.builder("nis.relation.unsettled", () -> held(Reconciliation::unsettled))
        .description(
            "One-sided enrollment pairs the last reconciliation left to the next: their log"
                + " partition still had entries to apply")
        .register(registry);
    disagreeingRepairs = repairs(registry, "disagreeing_pair");
    danglingRepairs = repairs(registry, "dangling_id");
    completed = runs(registry, "completed");
    failed = runs(registry, "failed");
  }

  private void drift(MeterRegistry registry, String kind, ToIntFunction<Reconciliation> count) {
    Gauge.builder("nis.relation.drift", () -> held(count))
        .description(
            "Enrollment pairs held by one side only (disagreeing_pair) and ids of entities that do"
                + " not exist (dangling_id), found and repaired by the last reconciliation")
        .tag("kind", kind)
        .register(registry);
  }

  private static Counter repairs(MeterRegistry registry, String kind) {
    return Counter.builder("nis.relation.repairs")
        .description("Repairs of the enrollment relation appended to the enrollment log")
        .tag("kind", kind)
        .register(registry);
  }

  private static Counter runs(MeterRegistry registry, String outcome) {
    return Counter.builder("nis.reconciliation.runs")
        .description("Runs of the reconciliation of the enrollment relation, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private int held(ToIntFunction<Reconciliation> count) {
    return lease.held() ? count.applyAsInt(last.get()) : 0;
  }

  @Override
  public void run() {
    long started = System.nanoTime();
    try {
      Reconciliation found = reconciler.run(lease::held);
      last.set(found);
      disagreeingRepairs.increment(found.disagreeingPairs());
      danglingRepairs.increment(found.danglingIds());
      completed.increment();
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (found.disagreeingPairs() + found.danglingIds() + found.unsettled() > 0) {
        log.warn(
            "reconciliation repaired {} disagreeing pairs and {} dangling ids, left {} unsettled,"
                + " over {} courses and {} students in {} ms ({} ms of it yielding to the"
                + " appliers' backlog)",
            found.disagreeingPairs(),
            found.danglingIds(),
            found.unsettled(),
            found.courses(),
            found.students(),
            millis,
            found.yielded().toMillis());
      } else {
        log.info(
            "reconciliation found no drift over {} courses and {} students in {} ms ({} ms of it"
                + " yielding to the appliers' backlog)",
            found.courses(),
            found.students(),
            millis,
            found.yielded().toMillis());
      }
    } catch (RuntimeException e) {
      if (stopping(e)) {
        log.info("reconciliation stopped with the service; the next run starts over");
        return;
      }
      failed.increment();
      log.warn("reconciliation failed, the next run tries again: {}", e.toString());
    }
  }

  /**
   * Whether the run ended because the service is stopping: the schedule interrupts a run in
   * progress at once ({@code LeasedSchedule#close}), which a paced run over a large store nearly
   * always is; the run's pacing then begins no further read, or the client in use throws (jnats,
   * grpc-java and the MongoDB driver each wrap the {@link InterruptedException}). Not a failure:
   * nothing is half-done.
   */
  private static boolean stopping(RuntimeException e) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }
}
