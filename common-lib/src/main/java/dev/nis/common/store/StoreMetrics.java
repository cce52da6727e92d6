package dev.nis.common.store;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntConsumer;

/** The meters of a store adapter's grouped calls. */
public final class StoreMetrics {
  private StoreMetrics() {}

  /**
   * {@code nis_store_batch_size{store, operation}}: the calls (writes, or the students' name
   * checks) of each batch that a {@link GroupCommit} sent to the store in one round trip, a
   * histogram with buckets 1, 2, 4, … 64. Its {@code _sum} over its {@code _count} is the calls per
   * round trip: 1 on an idle service, more as partitions (or accepts) reach the store at the same
   * moment (README.md, "How a mutation travels").
   *
   * @param store the store, e.g. {@code mongodb} or {@code postgresql}
   * @param operation the call grouped, e.g. {@code insert}
   * @return what a {@link GroupCommit} tells each batch's size to
   */
  public static IntConsumer batchSizes(MeterRegistry registry, String store, String operation) {
    DistributionSummary summary =
        DistributionSummary.builder("nis.store.batch.size")
            .description(
                "Calls sent to the store together, in one round trip (writes: and one commit)")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
            .tag("store", store)
            .tag("operation", operation)
            .register(registry);
    return summary::record;
  }
}
