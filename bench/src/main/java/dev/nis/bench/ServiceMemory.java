package dev.nis.bench;

import dev.nis.common.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A running service's memory, as the report states it: RSS from /proc, heap from /metrics. */
final class ServiceMemory {
  private ServiceMemory() {}

  /** Resident set size of the process, from /proc. */
  static long rssBytes(ServiceProcess service) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + service.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for process " + service.pid());
  }

  /** Heap in use, from the service's own /metrics (jvm_memory_used_bytes, area heap). */
  static long heapUsedBytes(ServiceProcess service) throws IOException, InterruptedException {
    return (long)
        Metrics.sum(
            Http.get(service.baseUri() + "/metrics").body(),
            "jvm_memory_used_bytes",
            "area=\"heap\"");
  }
}
