package dev.nis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service (or the initializer) as its own JVM, started from its packaged jar. */
final class ServiceProcess implements AutoCloseable {
  /** The service JVM's flags: a heap cap like a container's, the collector the image uses. */
  static final List<String> JVM_FLAGS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

  private final String name;
  private final Process process;
  private final String baseUrl;
  private final long startupMillis;

  private ServiceProcess(String name, Process process, String baseUrl, long startupMillis) {
    this.name = name;
    this.process = process;
    this.baseUrl = baseUrl;
    this.startupMillis = startupMillis;
  }

  /** Starts {@code jar} and waits for {@code readyPath} to answer 200: the start-up time. */
  static ServiceProcess start(
      String name, Path jar, Map<String, String> env, int httpPort, String readyPath, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(JVM_FLAGS);
    // for profiling, e.g. -XX:StartFlightRecording=filename=bench/target/%p.jfr,settings=profile
    String extra = System.getenv("BENCH_SERVICE_JVM_FLAGS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    long spawned = System.nanoTime();
    Process process = builder.start();
    String base = "http://127.0.0.1:" + httpPort;
    long deadline = spawned + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (Http.get(base + readyPath).status() == 200) {
          long millis = (System.nanoTime() - spawned) / 1_000_000;
          return new ServiceProcess(name, process, base, millis);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(10);
    }
    process.destroyForcibly();
    throw new IOException(name + " was not ready within 60 s; see " + log);
  }

  /** Runs a one-shot (the initializer) to its end; its exit code must be 0. */
  static void runToEnd(String name, Path jar, Map<String, String> env, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(java(), "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(name + " failed; see " + log);
    }
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  String baseUrl() {
    return baseUrl;
  }

  long startupMillis() {
    return startupMillis;
  }

  /** Resident set size of the process, from /proc. */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for " + name);
  }

  /** Heap in use, from the service's own /metrics (jvm_memory_used_bytes, area heap). */
  long heapUsedBytes() throws IOException, InterruptedException {
    return (long)
        Metrics.sum(
            Http.get(baseUrl + "/metrics").body(), "jvm_memory_used_bytes", "area=\"heap\"");
  }

  /** SIGTERM, as an orchestrator stops it. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
