package dev.nis.common.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What {@link RefusedRequests} counted in a test's registry. */
final class RefusedCounts {
  private RefusedCounts() {}

  /** Requests answered {@code status} before routing; 0 when none was. */
  static double of(MeterRegistry registry, int status) {
    Counter counter =
        registry.find(RefusedRequests.NAME).tag("status", Integer.toString(status)).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Requests answered before routing, whatever their status. */
  static double all(MeterRegistry registry) {
    return registry.find(RefusedRequests.NAME).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
