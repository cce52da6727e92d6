package dev.nis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How long each case runs: a warm-up that is thrown away, then rounds of which the median (by
 * throughput) is reported, so one noisy round on a shared 2-core machine does not set the figure.
 *
 * @param sustained the one long window of the sustained mutation cases (a queue that only grows
 *     shows there, where a short round would hide it in the JetStream backlog)
 */
record Rounds(Duration warmup, int rounds, Duration length, Duration sustained) {
  static final int MAX_WARM_UPS = 6;
  private static final double LEVELLED_OFF = 1.1;

  /** One uncounted window of a warm-up, its rate (ops/s) as the result. */
  @FunctionalInterface
  interface WarmUp {
    double run() throws Exception;
  }

  /**
   * Runs {@code window} until its rate gains less than a tenth on the run before, at most {@value
   * #MAX_WARM_UPS} times: the JIT compiling a path makes its first runs climb (on this machine a
   * fresh process's applied creates went 308, 539, 767/s over three windows), so what is measured
   * after it stands on a level floor.
   *
   * @return the rates, in order
   */
  static List<Double> untilLevelledOff(WarmUp window) throws Exception {
    List<Double> rates = new ArrayList<>();
    double previous = 0;
    for (int i = 0; i < MAX_WARM_UPS; i++) {
      double rate = window.run();
      rates.add(rate);
      if (rate < previous * LEVELLED_OFF) {
        break;
      }
      previous = rate;
    }
    return rates;
  }

  /** The medians of a case and of its ceiling, measured in turns ({@link #alternating}). */
  record Pair(Measurement measured, Measurement ceiling) {}

  Measurement median(String name, Load load) throws Exception {
    return inTurns(List.of(name), List.of(load)).getFirst();
  }

  /**
   * A case and its ceiling measured in turns: both warm up first, then their rounds alternate, and
   * each reports its median. For a pair whose ceiling shares the case's code path (the gRPC server
   * under both a read and an empty unary): run one after the other, the first pays for the JIT
   * compiling that path (on this machine C2 was still compiling the gRPC path 20 s into the first
   * case, and a slow hour moves rates by 2×), which biased the ratio against it. The warm-up
   * repeats until the case gains less than a tenth on its previous warm-up, at most {@value
   * #MAX_WARM_UPS} times.
   *
   * @return the case's median and the ceiling's
   */
  Pair alternating(String name, Load load, String ceilingName, Load ceiling) throws Exception {
    List<String> warmUps = new ArrayList<>();
    untilLevelledOff(
        () -> {
          double rate = load.run(warmup).rps();
          warmUps.add("%.0f/%.0f".formatted(rate, ceiling.run(warmup).rps()));
          return rate;
        });
    System.out.printf("  %-44s %s%n", name + ", warm-ups (case/ceiling)", warmUps);
    List<Measurement> medians = roundsInTurns(List.of(name, ceilingName), List.of(load, ceiling));
    return new Pair(medians.get(0), medians.get(1));
  }

  /**
   * Several loads measured in turns: each warms up once, then every round runs each load once, in
   * the order given, and each load reports its median. A slow stretch of the shared machine then
   * falls on all of them alike rather than on whichever ran during it: one after the other, two
   * {@code cached} runs 15 minutes apart (2026-12-03) read the cached course at 62 % and 40 % of
   * the constant route, the constant route at 35.9k and 44.1k/s.
   *
   * @return each load's median, in the order of {@code loads}
   */
  List<Measurement> inTurns(List<String> names, List<Load> loads) throws Exception {
    for (Load load : loads) {
      load.run(warmup);
    }
    return roundsInTurns(names, loads);
  }

  /** The rounds of {@link #inTurns}, without its warm-ups. */
  private List<Measurement> roundsInTurns(List<String> names, List<Load> loads) throws Exception {
    List<List<Measurement>> measured = new ArrayList<>();
    loads.forEach(load -> measured.add(new ArrayList<>()));
    for (int i = 0; i < rounds; i++) {
      for (int j = 0; j < loads.size(); j++) {
        measured.get(j).add(loads.get(j).run(length));
      }
    }
    List<Measurement> medians = new ArrayList<>();
    for (int j = 0; j < loads.size(); j++) {
      medians.add(reported(names.get(j), measured.get(j)));
    }
    return medians;
  }

  private static Measurement reported(String name, List<Measurement> measured) {
    String each =
        measured.stream().map(m -> "%.0f".formatted(m.rps())).collect(Collectors.joining(" "));
    measured.sort(Comparator.comparingDouble(Measurement::rps));
    Measurement median = measured.get(measured.size() / 2);
    System.out.printf(
        "  %-44s %10.0f/s  p50 %7.2f ms  p99 %7.2f ms  errors %d  (rounds %s)%n",
        name, median.rps(), median.p50Ms(), median.p99Ms(), median.errors(), each);
    return median;
  }
}
