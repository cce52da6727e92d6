package dev.nis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How long each case runs: a warm-up that is thrown away, then rounds of which the median (by
 * throughput) is reported, so one noisy round on a shared 2-core machine does not set the figure.
 *
 * @param sustained the one long window of the sustained mutation cases (a queue that only grows
 *     shows there, where a short round would hide it in the JetStream backlog)
 */
record Rounds(Duration warmup, int rounds, Duration length, Duration sustained) {

  Measurement median(String name, Load load) throws Exception {
    load.run(warmup);
    List<Measurement> measured = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      measured.add(load.run(length));
    }
    measured.sort(Comparator.comparingDouble(Measurement::rps));
    Measurement median = measured.get(measured.size() / 2);
    System.out.printf(
        "  %-44s %10.0f/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
        name, median.rps(), median.p50Ms(), median.p99Ms(), median.errors());
    return median;
  }
}
