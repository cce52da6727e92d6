package dev.nis.bench;

/**
 * One line of the report: a case, its ceiling measured in the same run, and the target it is held
 * to (null when it has none).
 *
 * @param ratio the case's throughput over the ceiling's (for a latency-only ceiling: the ceiling's
 *     p50 over the case's)
 */
record Row(
    String name,
    Measurement result,
    String ceilingName,
    Measurement ceiling,
    Double ratio,
    String target,
    Boolean met) {

  static Row of(String name, Measurement result, String ceilingName, Measurement ceiling) {
    Double ratio = ceiling == null ? null : result.rps() / ceiling.rps();
    return new Row(name, result, ceilingName, ceiling, ratio, null, null);
  }

  Row target(String target, boolean met) {
    return new Row(name, result, ceilingName, ceiling, ratio, target, met);
  }

  Row ratio(double ratio) {
    return new Row(name, result, ceilingName, ceiling, ratio, target, met);
  }
}
