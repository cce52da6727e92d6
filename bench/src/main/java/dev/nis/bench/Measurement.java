package dev.nis.bench;

import org.HdrHistogram.Histogram;

/**
 * One measured load: throughput, and latency percentiles in milliseconds.
 *
 * @param rps completed operations per second (errors excluded)
 * @param count completed operations
 * @param errors failed operations (non-2xx, timeouts, exceptions)
 * @param socketErrors of the errors, those of the connection itself as wrk counts them (connect,
 *     read, write, timeout): 0 for a load that does not tell them apart
 */
public record Measurement(
    double rps,
    long count,
    long errors,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double maxMs,
    double seconds,
    long socketErrors) {

  /** A measurement that does not tell socket errors apart. */
  Measurement(
      double rps,
      long count,
      long errors,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      double maxMs,
      double seconds) {
    this(rps, count, errors, p50Ms, p90Ms, p99Ms, maxMs, seconds, 0);
  }

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
