package dev.nis.bench;

import org.HdrHistogram.Histogram;

/**
 * One measured load: throughput, and latency percentiles in milliseconds.
 *
 * @param rps completed operations per second (errors excluded)
 * @param count completed operations
 * @param errors failed operations (non-2xx, timeouts, exceptions)
 */
public record Measurement(
    double rps,
    long count,
    long errors,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double maxMs,
    double seconds) {

  static Measurement of(Histogram micros, long errors, double seconds) {
    long count = micros.getTotalCount();
    return new Measurement(
        count / seconds,
        count,
        errors,
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(90) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getMaxValue() / 1000.0,
        seconds);
  }
}
