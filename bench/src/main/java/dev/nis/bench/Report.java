package dev.nis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes bench/results/&lt;date&gt;.json and .png (when it has a chart), and regenerates
 * BENCHMARKS.md.
 */
final class Report {
  private Report() {}

  /**
   * Writes the results; then BENCHMARKS.md: a full run (no {@code cases}) regenerates it, a run of
   * some groups ({@code cases}, BENCH_CASES) replaces only a section of its own there, a smoke run
   * ({@code quick}) leaves it as it is.
   */
  static void write(
      Results results, Path root, String date, Rounds rounds, boolean quick, String cases)
      throws Exception {
    Path dir = Files.createDirectories(root.resolve("bench/results"));
    Path json = dir.resolve(date + ".json");
    Path png = dir.resolve(date + ".png");
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(
            json.toFile(),
            Map.of(
                "date", date,
                "machine", results.machine,
                "rounds",
                    Map.of(
                        "warmup_s",
                        rounds.warmup().toSeconds(),
                        "rounds",
                        rounds.rounds(),
                        "length_s",
                        rounds.length().toSeconds(),
                        "sustained_s",
                        rounds.sustained().toSeconds()),
                "rows", results.rows,
                "sweeps", results.sweeps,
                "queues", results.queues,
                "startup_ms", results.startupMillis,
                "memory_bytes", results.memoryBytes,
                "notes", results.notes));
    // a run of the start-up group alone measures neither a rate nor a latency: no picture
    Path picture = Plot.write(results, png) ? root.relativize(png) : null;
    String wrote = picture == null ? json.toString() : json + ", " + png;
    Path benchmarks = root.resolve("BENCHMARKS.md");
    if (quick) {
      System.out.println("wrote " + wrote + " (a smoke run: BENCHMARKS.md kept)");
    } else if (cases == null || cases.isBlank()) {
      Files.writeString(benchmarks, markdown(results, root, date, rounds, picture));
      System.out.println("wrote " + wrote + " and BENCHMARKS.md");
    } else {
      Files.writeString(
          benchmarks,
          GroupSection.replace(
              Files.readString(benchmarks),
              cases,
              groupSection(results, cases, date, rounds, picture),
              summary(root),
              HOW_TO_RUN));
      System.out.println(
          "wrote " + wrote + " and the BENCH_CASES=" + cases + " section of BENCHMARKS.md");
    }
  }

  /** The rows, notes and plot of a run of some groups, for {@link GroupSection}. */
  private static String groupSection(
      Results r, String cases, String date, Rounds rounds, Path png) {
    StringBuilder md = new StringBuilder();
    md.append("## Groups run alone: `BENCH_CASES=")
        .append(cases)
        .append("`, ")
        .append(date)
        .append(" (commit `")
        .append(r.machine.get("commit"))
        .append("`)\n\n");
    md.append("Written by `BENCH_CASES=")
        .append(cases)
        .append(" bash bench/run.sh`; these rows supersede the rows of the same cases in the")
        .append(" table above (from the full run the top of this file names) until the next full")
        .append(" run regenerates the file. ")
        .append(roundsLine(rounds))
        .append("\n\n");
    table(md, r.rows);
    sweepTable(md, r, "###");
    if (!r.startupMillis.isEmpty() || !r.memoryBytes.isEmpty()) {
      md.append("\n### Start-up and memory in this run\n\n");
      try {
        startupAndMemory(md, r, null);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    if (png != null) {
      md.append("\n![throughput, latency and queues](").append(png).append(")\n");
    }
    if (!r.notes.isEmpty()) {
      md.append("\nNotes from this run:\n\n");
      for (String note : r.notes) {
        md.append("- ").append(note).append('\n');
      }
    }
    return md.toString();
  }

  /**
   * The hand-written summary (bench/summary.md: where each target stands, what limits the missed
   * ones, the capacity model) that BENCHMARKS.md carries before "How to run"; the record it sums
   * up, bench/analysis.md, stays a file of its own. Null when the file is missing.
   */
  private static String summary(Path root) throws java.io.IOException {
    Path summary = root.resolve("bench/summary.md");
    return Files.exists(summary) ? Files.readString(summary) : null;
  }

  private static String roundsLine(Rounds rounds) {
    return "Each case: %d s warm-up, then %d rounds of %d s, the median round (by throughput)"
            .formatted(rounds.warmup().toSeconds(), rounds.rounds(), rounds.length().toSeconds())
        + " reported; the cached reads by id, the constant route and redis-benchmark GET of"
        + " each connection level: their rounds in turns;"
        + " gRPC GetCourse and its empty unary: warm-ups of %d s each in turns until"
            .formatted(rounds.warmup().toSeconds())
        + " the read gains less than a tenth (at most %d), then their rounds in turns;"
            .formatted(Rounds.MAX_WARM_UPS)
        + " the sustained mutation windows: one of %d s, after uncounted windows of the same load"
            .formatted(rounds.sustained().toSeconds())
        + " until the service's JIT compilers take < %d %% of its CPU (at most %d)."
            .formatted(MutationCases.JIT_QUIET_PERCENT, MutationCases.MAX_WARM_UPS);
  }

  private static String markdown(Results r, Path root, String date, Rounds rounds, Path png)
      throws java.io.IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Generated by `bench/run.sh` on ")
        .append(date)
        .append(" (commit `")
        .append(r.machine.get("commit"))
        .append("`); do not edit by hand, run it again.\n\n");
    md.append("## Machine\n\n");
    r.machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append("- ").append(roundsLine(rounds)).append('\n');
    md.append(
        "- load generator and services share the same cores (wrk for HTTP, grpc-java for gRPC, the raw drivers from the benchmark JVM)\n\n");
    md.append("## Cases beside their ceilings\n\n");
    table(md, r.rows);
    sweepTable(md, r, "##");
    md.append("\n## Start-up and memory\n\n");
    startupAndMemory(md, r, root);
    if (png != null) {
      md.append("\n## Plot\n\n![throughput and latency](").append(png).append(")\n");
    }
    if (!r.notes.isEmpty()) {
      md.append("\n## Notes from the run\n\n");
      for (String note : r.notes) {
        md.append("- ").append(note).append('\n');
      }
    }
    String summary = summary(root);
    if (summary != null) {
      md.append('\n').append(summary);
    }
    md.append(HOW_TO_RUN);
    return md.toString();
  }

  private static void table(StringBuilder md, java.util.List<Row> rows) {
    md.append(
        "| case | ops/s | p50 ms | p99 ms | errors | ceiling | ceiling ops/s | ceiling p50 ms | ratio | target | met |\n");
    md.append("|---|---:|---:|---:|---:|---|---:|---:|---:|---|---|\n");
    for (Row row : rows) {
      Measurement m = row.result();
      Measurement c = row.ceiling();
      md.append("| ")
          .append(row.name())
          .append(" | ")
          .append(num(m.rps()))
          .append(" | ")
          .append(ms(m.p50Ms()))
          .append(" | ")
          .append(ms(m.p99Ms()))
          .append(" | ")
          .append(m.errors())
          .append(" | ")
          .append(row.ceilingName() == null ? "—" : row.ceilingName())
          .append(" | ")
          .append(c == null ? "—" : num(c.rps()))
          .append(" | ")
          .append(c == null ? "—" : ms(c.p50Ms()))
          .append(" | ")
          .append(row.ratio() == null ? "—" : String.format("%.0f%%", row.ratio() * 100))
          .append(" | ")
          .append(row.target() == null ? "—" : row.target())
          .append(" | ")
          .append(row.met() == null ? "—" : row.met() ? "**met**" : "**not met**")
          .append(" |\n");
    }
  }

  /** The table of {@link ReadSweep}: each connection count, the reads and their ceilings. */
  private static void sweepTable(StringBuilder md, Results r, String heading) {
    java.util.List<Results.Point> courses = r.sweeps.get(ReadSweep.COURSES);
    if (courses == null) {
      return;
    }
    md.append('\n')
        .append(heading)
        .append(" Cached reads by id at 1 to 1,024 connections\n\n")
        .append(
            "Socket errors as wrk counts them (connect, read, write, timeout); the constant route")
        .append(" is the courses service's; redis-benchmark GET reads a value the size of a cached")
        .append(" course.\n\n");
    String[] sweeps = {ReadSweep.COURSES, ReadSweep.STUDENTS, ReadSweep.CONSTANT, ReadSweep.REDIS};
    md.append("| connections |");
    for (String sweep : sweeps) {
      md.append(" ").append(sweep).append(" ops/s | p99 ms | socket errors |");
    }
    md.append(" courses / constant | courses / redis GET | students / constant |")
        .append(" students / redis GET |\n|---:|");
    md.append("---:|".repeat(sweeps.length * 3 + 4)).append('\n');
    for (Results.Point point : courses) {
      int c = point.concurrency();
      Measurement[] m = new Measurement[sweeps.length];
      for (int i = 0; i < sweeps.length; i++) {
        m[i] = at(r, sweeps[i], c);
      }
      md.append("| ").append(c).append(" |");
      for (Measurement each : m) {
        md.append(
            each == null
                ? " — | — | — |"
                : " %s | %s | %d |"
                    .formatted(num(each.rps()), ms(each.p99Ms()), each.socketErrors()));
      }
      md.append(ratio(m[0], m[2]))
          .append(ratio(m[0], m[3]))
          .append(ratio(m[1], m[2]))
          .append(ratio(m[1], m[3]))
          .append('\n');
    }
  }

  private static Measurement at(Results r, String sweep, int concurrency) {
    return r.sweeps.getOrDefault(sweep, java.util.List.of()).stream()
        .filter(p -> p.concurrency() == concurrency)
        .map(Results.Point::measurement)
        .findFirst()
        .orElse(null);
  }

  private static String ratio(Measurement value, Measurement ceiling) {
    return value == null || ceiling == null || ceiling.rps() == 0
        ? " — |"
        : String.format(" %.0f%% |", value.rps() / ceiling.rps() * 100);
  }

  /**
   * Start-up (median of each kind of start; the target applies to starts with the class-data
   * sharing archive) and memory (the RSS target applies under the cached-GET load); the services'
   * JVM options when {@code root} is given.
   */
  private static void startupAndMemory(StringBuilder md, Results r, Path root)
      throws java.io.IOException {
    md.append("| measure | value | target | met |\n|---|---:|---|---|\n");
    r.startupMillis.forEach(
        (label, millis) -> {
          long median = millis.stream().sorted().toList().get(millis.size() / 2);
          boolean targeted = StartupCases.targeted(label);
          md.append("| ")
              .append(label)
              .append(": start-up to ready (process spawn → `/ready` 200), median of ")
              .append(millis)
              .append(" | ")
              .append(median)
              .append(" ms | ")
              .append(targeted ? "< 1.5 s | " : "— | ")
              .append(targeted ? (median < 1500 ? "**met**" : "**not met**") : "—")
              .append(" |\n");
        });
    r.memoryBytes.forEach(
        (what, bytes) -> {
          boolean targeted = what.contains("RSS under");
          md.append("| ")
              .append(what)
              .append(" | ")
              .append(mib(bytes))
              .append(" MiB | ")
              .append(
                  targeted
                      ? "≤ 160 MiB | "
                          + (bytes <= ReadSweep.RSS_TARGET_BYTES ? "**met**" : "**not met**")
                      : "— | —")
              .append(" |\n");
        });
    if (root != null) {
      md.append("\nService JVM options: `")
          .append(String.join(" ", jvmOptions(root)))
          .append("` (`")
          .append(Stack.JVM_OPTIONS)
          .append("`, as in the images)")
          .append(
              Stack.cdsArchives()
                  ? ", with the application class-data sharing archive"
                      + " (`-XX:SharedArchiveFile=... -XX:+AutoCreateSharedArchive`).\n"
                  : "; without a class-data sharing archive (BENCH_CDS=0).\n");
    }
  }

  /** The options of the JVM options file, without its comments. */
  static java.util.List<String> jvmOptions(Path root) throws java.io.IOException {
    return Files.readAllLines(root.resolve(Stack.JVM_OPTIONS)).stream()
        .map(line -> line.replaceFirst("#.*", "").trim())
        .filter(line -> !line.isEmpty())
        .toList();
  }

  private static final String HOW_TO_RUN =
      """

      ## How to run

      ```sh
      bash bench/run.sh
      ```

      It installs wrk (Debian's package) when missing, builds the services, starts them against
      the local PostgreSQL, Redis and NATS (MongoDB: the courses service's embedded store, as a run without `MONGO_URI` has it)
      in a namespace of their own, loads 1,000 courses and 1,000 students through the API, runs
      every case, removes what it made, and writes `bench/results/<date>.json`, the PNG beside it
      and this file. `BENCH_QUICK=1` runs each case briefly (a smoke run, not figures) and leaves
      this file as it is; `BENCH_CASES=startup,reads,cached,grpc,path,miss,mutations,events` runs only those
      groups and writes their rows into a section of their own here (the next full run folds them
      back into the table): `startup` starts each service alone, first without and then with its
      class-data sharing archive; `reads` the cached reads by id at 1 to 1,024 connections beside
      the constant route and redis-benchmark GET (`cached` adds the list read); `events` the event
      streams: mutation → event latency, and the sustained creates with 200 streams open. The services run
      with the images' JVM options (`k8s/image-base/app/jvm.options`; the courses service with
      `-Xmx160m` when it holds its embedded store, README.md, "JVM configuration"); `BENCH_CDS=0` runs them
      without the archive, `BENCH_SERVICE_JVM_FLAGS` adds flags (they win over the file's),
      `BENCH_PROFILE=1` records JFR profiles of the services and of the benchmark JVM over the
      sustained create windows, the half-rate waiting creates (the courses service), the cached
      GETs at 64 connections and (the students service) the enrollment probes (bench/target/*.jfr),
      `BENCH_PROFILE=cpu` profiles the service over the same windows with async-profiler, kernel and
      native frames included (bench/target/*.html flame graphs and *.collapsed stacks),
      `BENCH_PROFILE=alloc` samples where they allocate (the same files; what fills the young
      generation), and
      `MONGO_URI` points the courses
      service at a real MongoDB. Benchmarks are not part of `./mvnw verify` and never fail a
      build.
      """;

  private static String num(double value) {
    return String.format("%,.0f", value);
  }

  /** A latency; "—" for a row that has none (an applied rate). */
  private static String ms(double value) {
    return value <= 0 ? "—" : String.format("%.2f", value);
  }

  private static String mib(long bytes) {
    return String.format("%.0f", bytes / 1048576.0);
  }
}
