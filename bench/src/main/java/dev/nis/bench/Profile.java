package dev.nis.bench;

import dev.nis.common.testing.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Profiles one service over one case, by {@code BENCH_PROFILE}; unset, nothing.
 *
 * <ul>
 *   <li>{@code 1}: a JFR recording ({@code settings=profile}) of the service and of this JVM (the
 *       load generators), written to {@code <dir>/<label>-<service>.jfr} and {@code
 *       <dir>/<label>-bench.jfr}; read them with {@code jfr view hot-methods} or {@code jfr print
 *       --stack-depth 64 --events jdk.ExecutionSample}.
 *   <li>{@code cpu}: async-profiler (the agent library of the {@code tools.profiler:async-profiler}
 *       jar, loaded into the service with {@code jcmd JVMTI.agent_load}) sampling CPU time every
 *       millisecond, native and kernel frames included, written to {@code
 *       <dir>/<label>-<service>.html} (a flame graph) and {@code .collapsed} (one stack a line,
 *       {@code frame;frame;... count}). JFR samples only threads running Java code, so it misses
 *       what the kernel does for each socket write, each thread hand-off and the JIT compiler; on
 *       the cached read those were about half of the service's CPU (bench/analysis.md, 2026-12-02).
 *       Needs Linux on x64 or arm64, and perf events or, without them, the profiler's own timer.
 *   <li>{@code alloc}: the same agent sampling allocations (a sample every 512 KiB allocated, by
 *       the allocating stack; TLAB refills and objects allocated outside them), the same files:
 *       where the heap's young generation fills from, which sets how often the service stops for a
 *       young collection.
 * </ul>
 */
final class Profile implements AutoCloseable {
  /** The async-profiler event of each mode that uses the agent, as its {@code start} takes it. */
  private static final Map<String, String> AGENT_EVENTS =
      Map.of("cpu", "event=cpu,interval=1ms", "alloc", "event=alloc,alloc=512k");

  private final ServiceProcess service;
  private final String name;
  private final Recording here;
  private final Path agent;
  private final Path output;

  private Profile(ServiceProcess service, String name, Recording here, Path agent, Path output) {
    this.service = service;
    this.name = name;
    this.here = here;
    this.agent = agent;
    this.output = output;
  }

  /** Whether {@code mode} (BENCH_PROFILE) names a mode: unset or blank (none), 1, cpu or alloc. */
  static boolean known(String mode) {
    return mode == null || mode.isBlank() || "1".equals(mode) || AGENT_EVENTS.containsKey(mode);
  }

  static boolean wanted() {
    return "1".equals(mode()) || AGENT_EVENTS.containsKey(String.valueOf(mode()));
  }

  private static String mode() {
    return System.getenv("BENCH_PROFILE");
  }

  static Profile start(String label, String serviceName, ServiceProcess service, Path dir)
      throws Exception {
    String events = AGENT_EVENTS.get(String.valueOf(mode()));
    if (events != null) {
      Path agent = agentLibrary(dir);
      Path output = dir.resolve(label + "-" + serviceName).toAbsolutePath();
      jcmd(service, "JVMTI.agent_load", agent.toString(), "\"start," + events + "\"");
      System.out.println("  profiling " + serviceName + " (async-profiler): " + output + ".html");
      return new Profile(service, label, null, agent, output);
    }
    if (!wanted()) {
      return new Profile(null, null, null, null, null);
    }
    Path serviceFile = dir.resolve(label + "-" + serviceName + ".jfr").toAbsolutePath();
    jcmd(service, "JFR.start", "name=" + label, "settings=profile", "filename=" + serviceFile);
    Recording here = new Recording(Configuration.getConfiguration("profile"));
    here.setDestination(dir.resolve(label + "-bench.jfr").toAbsolutePath());
    here.start();
    System.out.println("  profiling " + serviceName + " and this JVM: " + serviceFile);
    return new Profile(service, label, here, null, null);
  }

  @Override
  public void close() throws Exception {
    if (agent != null) {
      jcmd(
          service,
          "JVMTI.agent_load",
          agent.toString(),
          agentAction("dump,collapsed", ".collapsed"));
      jcmd(service, "JVMTI.agent_load", agent.toString(), agentAction("stop", ".html"));
      return;
    }
    if (here == null) {
      return;
    }
    jcmd(service, "JFR.stop", "name=" + name);
    here.stop();
    here.close();
  }

  /** Quoted: jcmd would otherwise read {@code file=...} as an argument of its own. */
  private String agentAction(String action, String suffix) {
    return "\"" + action + ",file=" + output + suffix + "\"";
  }

  /** The agent library for this machine, copied out of the async-profiler jar into {@code dir}. */
  private static Path agentLibrary(Path dir) throws IOException {
    String platform =
        switch (System.getProperty("os.arch")) {
          case "amd64", "x86_64" -> "linux-x64";
          case "aarch64" -> "linux-arm64";
          default ->
              throw new IOException(
                  "async-profiler has no library for " + System.getProperty("os.arch"));
        };
    Path library = dir.resolve("libasyncProfiler.so").toAbsolutePath();
    try (InputStream in =
        Profile.class.getClassLoader().getResourceAsStream(platform + "/libasyncProfiler.so")) {
      if (in == null) {
        throw new IOException("the async-profiler jar is not on the class path");
      }
      Files.createDirectories(dir);
      Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
    }
    return library;
  }

  private static void jcmd(ServiceProcess service, String... command)
      throws IOException, InterruptedException {
    String[] line = new String[command.length + 2];
    line[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    line[1] = Long.toString(service.pid());
    System.arraycopy(command, 0, line, 2, command.length);
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jcmd.waitFor() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output);
    }
  }
}
