package dev.nis.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/** bench/run.sh's entry point; run from the repository's root after the build. */
public final class BenchMain {
  /**
   * Prefixes of the services' settings a run may be given through its environment, the JVM flags
   * and the class-data sharing switch the benchmark starts them with included.
   */
  private static final List<String> SERVICE_SETTINGS =
      List.of(
          "EVENTS_",
          "RECONCILE_",
          "CACHE_",
          "CONSUMER_",
          "COMMAND_",
          "JAVA_TOOL_",
          "BENCH_SERVICE_JVM_FLAGS",
          "BENCH_CDS");

  static {
    // Left to its defaults, the JDK HTTP client keeps one idle connection per call an open loop had
    // in flight at its peak, for 20 minutes: keep at most 32, for 5 s. Read once, when the first
    // client is built (ServiceProcess's readiness checks build one): so here.
    System.setProperty("jdk.httpclient.connectionPoolSize", "32");
    System.setProperty("jdk.httpclient.keepalive.timeout", "5");
  }

  /** The groups BENCH_CASES may name, in the order a full run runs them. */
  static final List<String> GROUPS =
      List.of("startup", "reads", "cached", "grpc", "path", "miss", "mutations", "events");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    List<String> unknown = unknownGroups(System.getenv("BENCH_CASES"));
    if (!unknown.isEmpty()) {
      // a misspelt group would otherwise run nothing but the data load, and report an empty run
      System.err.println(
          "bench: BENCH_CASES names no group "
              + unknown
              + "; the groups: "
              + String.join(", ", GROUPS));
      System.exit(2);
    }
    if (!Profile.known(System.getenv("BENCH_PROFILE"))) {
      // a misspelt mode would otherwise profile nothing, and say so nowhere
      System.err.println(
          "bench: BENCH_PROFILE is "
              + System.getenv("BENCH_PROFILE")
              + "; the modes: 1 (JFR), cpu, alloc (async-profiler)");
      System.exit(2);
    }
    Path root = Path.of("").toAbsolutePath();
    boolean quick = "1".equals(System.getenv("BENCH_QUICK"));
    Rounds rounds =
        quick
            ? new Rounds(Duration.ofSeconds(1), 1, Duration.ofSeconds(2), Duration.ofSeconds(3))
            : new Rounds(Duration.ofSeconds(3), 3, Duration.ofSeconds(5), Duration.ofSeconds(10));
    Path work = Files.createDirectories(root.resolve("bench/target"));
    Path script = root.resolve("bench/wrk/nis.lua");
    Results results = new Results();
    machine(results, root);
    long began = System.nanoTime();
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();

    try (Stack stack = new Stack(root, work)) {
      System.out.println("namespace " + stack.namespace + "; logs in " + work);
      if (selected("startup")) {
        new StartupCases(new Bench(stack, null, rounds, results, script), quick).run();
      }
      stack.start("5m");
      Data data = Data.load(stack, 1000, 1000, 20, work);
      System.out.println(
          "loaded "
              + data.courseIds().size()
              + " courses, "
              + data.studentIds().size()
              + " students");
      Bench bench = new Bench(stack, data, rounds, results, script);
      try (Raw raw = new Raw(stack, 64)) {
        new ReadCases(bench).run(raw);

        if (selected("miss") || selected("mutations") || selected("events")) {
          // the cache-miss reads before the mutations grow the courses collection
          stack.stopServices();
          stack.flushCache(); // entries written with the 5m TTL would still be hits
          stack.start("1ms");
          if (selected("miss")) {
            new MissCases(bench).run(raw);
          }
          if (selected("mutations")) {
            new MutationCases(bench).run(raw);
          }
          if (selected("events")) {
            try {
              new EventCases(bench).run();
            } catch (Exception e) {
              // the other groups' figures are kept: a failed group is a note, not a lost run
              results.note("events: the group failed: " + e);
              System.out.println("  events: the group failed: " + e);
            }
          }
        }
        results.memory(
            "students heap after the run", ServiceMemory.heapUsedBytes(stack.students()));
        results.memory("students RSS after the run", ServiceMemory.rssBytes(stack.students()));
      }
      if (stack.embeddedStore()) {
        results.note(
            "MongoDB was the courses service's embedded store (mongo-java-server on its H2 data"
                + " file, committed per write, in the service's JVM as a run without MONGO_URI has"
                + " it): there is no MongoDB server on this machine; MONGO_URI=mongodb://..."
                + " bench/run.sh measures a real one");
      }
    }
    // the services inherit this process's environment: a setting given to the run changes what
    // the figures mean, so the report names it
    String settings =
        System.getenv().entrySet().stream()
            .filter(e -> SERVICE_SETTINGS.stream().anyMatch(e.getKey()::startsWith))
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .collect(Collectors.joining(", "));
    if (!settings.isEmpty()) {
      results.note("the services ran with settings from the environment: " + settings);
    }
    results.note(
        "the whole run took %.1f min; load average (/proc/loadavg) at the start %s, at the end %s"
            .formatted(
                (System.nanoTime() - began) / 6e10,
                loadBefore,
                Files.readString(Path.of("/proc/loadavg")).trim()));
    String cases = System.getenv("BENCH_CASES");
    // a run of some groups must not overwrite the full run's results of the same day
    String date =
        LocalDate.now().toString()
            + (cases == null || cases.isBlank() ? "" : "-" + cases.replace(',', '-'))
            + (quick ? "-quick" : "");
    Report.write(results, root, date, rounds, quick, cases);
  }

  /**
   * BENCH_CASES (comma-separated: startup, reads, cached, grpc, path, mutations, miss, events) runs
   * only those groups, for profiling one path; unset runs all. {@code reads}: the cached reads by
   * id at 1 to 1,024 connections beside their ceilings ({@link ReadSweep}); {@code cached}: those
   * and the list read.
   */
  static boolean selected(String group) {
    String cases = System.getenv("BENCH_CASES");
    return cases == null
        || cases.isBlank()
        || java.util.Arrays.asList(cases.split(",")).contains(group);
  }

  /**
   * The names in {@code cases} (BENCH_CASES, comma-separated) that are not among {@link #GROUPS}.
   */
  static List<String> unknownGroups(String cases) {
    if (cases == null || cases.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(cases.split(","))
        .filter(group -> !GROUPS.contains(group))
        .toList();
  }

  private static void machine(Results results, Path root) throws IOException, InterruptedException {
    results.machine.put("cpu", cpuModel());
    results.machine.put("cores", Runtime.getRuntime().availableProcessors());
    results.machine.put("memory", memTotal());
    results.machine.put(
        "jdk",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    results.machine.put(
        "os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    results.machine.put("wrk", command("wrk", "--version").lines().findFirst().orElse("?").trim());
    results.machine.put(
        "commit", command("git", "-C", root.toString(), "rev-parse", "--short", "HEAD").trim());
  }

  private static String cpuModel() throws IOException {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("unknown");
  }

  private static String memTotal() throws IOException {
    return Files.readAllLines(Path.of("/proc/meminfo")).stream()
        .filter(l -> l.startsWith("MemTotal"))
        .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
        .findFirst()
        .orElse("unknown");
  }

  private static String command(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}
