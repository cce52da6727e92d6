package dev.nis.bench;

/** Reads sums of samples out of the Prometheus text format. */
final class Metrics {
  private Metrics() {}

  /** The sum of every sample of {@code metric} whose labels contain each of {@code labels}. */
  static double sum(String exposition, String metric, String... labels) {
    double sum = 0;
    for (String line : exposition.split("\n")) {
      if (!(line.startsWith(metric + "{") || line.startsWith(metric + " "))) {
        continue;
      }
      boolean matches = true;
      for (String label : labels) {
        matches &= line.contains(label);
      }
      if (matches) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
