package dev.nis.bench;

import dev.nis.common.testing.ServiceProcess;
import java.nio.file.Files;

/**
 * Start-up to ready of each service on its own (process spawn to the first 200 on its {@code
 * /ready}), as a container starts it: first with no class-data sharing archive (a new container),
 * then again with the archive that first run wrote when it stopped (a restarted container, or
 * bench/run.sh's later starts). BENCH_CDS=0: every start without an archive.
 */
final class StartupCases {
  private final Stack stack;
  private final Results results;
  private final int starts;

  StartupCases(Bench bench, boolean quick) {
    this.stack = bench.stack();
    this.results = bench.results();
    this.starts = quick ? 2 : 4;
  }

  void run() throws Exception {
    for (String service : new String[] {"students", "courses"}) {
      if (Stack.cdsArchives()) {
        Files.deleteIfExists(stack.cdsArchive(service));
      }
      for (int i = 0; i < starts; i++) {
        ServiceProcess started = stack.startAlone(service);
        long millis = started.startupMillis();
        started.close(); // SIGTERM: the JVM writes the archive as it exits, when it had none
        String label = label(service, i == 0);
        results.startup(label, millis);
        System.out.printf("  %-60s %6d ms%n", label, millis);
      }
    }
  }

  /** The report's label of a start; the start-up target applies to those with an archive. */
  static String label(String service, boolean first) {
    if (!Stack.cdsArchives()) {
      return service + ", no class-data sharing archive (BENCH_CDS=0)";
    }
    return first
        ? service + ", first start: no archive yet (a new container)"
        : service + ", with the archive its first run wrote";
  }

  /** Whether the start-up target applies to the starts under {@code label}. */
  static boolean targeted(String label) {
    return !label.contains("first start");
  }
}
