package dev.nis.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured, as written to bench/results/&lt;date&gt;.json. */
final class Results {
  /** One point of a concurrency sweep. */
  record Point(int concurrency, Measurement measurement) {}

  final Map<String, Object> machine = new LinkedHashMap<>();
  final List<Row> rows = new ArrayList<>();
  final Map<String, List<Point>> sweeps = new LinkedHashMap<>();
  final Map<String, List<Long>> startupMillis = new LinkedHashMap<>();
  final Map<String, Long> memoryBytes = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();

  /** Commands queued over time during the sustained mutation cases, by case. */
  final Map<String, List<PipelineSampler.Sample>> queues = new LinkedHashMap<>();

  void add(Row row) {
    rows.add(row);
  }

  void point(String sweep, int concurrency, Measurement measurement) {
    sweeps.computeIfAbsent(sweep, k -> new ArrayList<>()).add(new Point(concurrency, measurement));
  }

  void startup(String service, long millis) {
    startupMillis.computeIfAbsent(service, k -> new ArrayList<>()).add(millis);
  }

  void memory(String what, long bytes) {
    memoryBytes.merge(what, bytes, Math::max);
  }

  void queue(String name, List<PipelineSampler.Sample> samples) {
    queues.put(name, samples);
  }

  void note(String note) {
    notes.add(note);
    System.out.println("  note: " + note);
  }
}
