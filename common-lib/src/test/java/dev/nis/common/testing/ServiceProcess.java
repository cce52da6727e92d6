package dev.nis.common.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One service (or a one-shot such as the initializer) as a separate JVM with an environment of its
 * own: started from this JVM's class path ({@link #fromClassPath}) or from a packaged jar ({@link
 * #fromJar}), ready once {@code /api/{name}/ready} answers 200, killed with SIGKILL ({@link #kill})
 * or stopped with SIGTERM ({@link #terminate}), its output kept in a log file. The end-to-end
 * tests, the convergence test and the benchmark all start services through it.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(10);

  /**
   * A JDK newer than the code's 21 prints plain-text warnings on stderr when netty uses {@code
   * sun.misc.Unsafe}'s memory access (JEP 471) or loads its native transport (JEP 472); these flags
   * keep Java 21's behaviour without them, as the images' runtime has it
   * (k8s/image-base/assemble-rootfs.sh), so that the service's output stays JSON. The launched JVM
   * is this one, so its version decides.
   */
  private static final List<String> JDK_WARNINGS_OFF =
      Runtime.version().feature() >= 23
          ? List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")
          : List.of();

  /**
   * The flags of a service the tests start: a 256 MB heap, the images' collector ({@code
   * k8s/image-base/app/jvm.options}) and the C1 compiler only. The suite starts many short-lived
   * service JVMs, many while others run under load on two cores; C2's compilations compete with the
   * test for the CPU during each start-up and are not done before the JVM ends. C1 alone took a
   * courses start from 4.3 to 3.1 s to ready on an idle machine. What the tests check does not
   * depend on the compiler's tier; the images and the benchmark keep C2.
   */
  public static final List<String> TEST_JVM_FLAGS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path log;
  private final boolean temporaryLog;
  private final Duration readyTimeout;
  private final Duration closeGrace;
  private Process process;
  private long startupMillis;

  private ServiceProcess(Builder builder, List<String> command) throws IOException {
    this.name = builder.name;
    this.command = command;
    this.env = Map.copyOf(builder.env);
    this.temporaryLog = builder.log == null;
    this.log = temporaryLog ? Files.createTempFile(name + "-", ".log") : builder.log;
    this.readyTimeout = builder.readyTimeout;
    this.closeGrace = builder.closeGrace;
  }

  /** A service whose {@code mainClass} runs from this JVM's class path (tests). */
  public static Builder fromClassPath(String name, String mainClass) {
    return new Builder(name, List.of("-cp", System.getProperty("java.class.path"), mainClass));
  }

  /** A service packaged as an executable jar (the benchmark). */
  public static Builder fromJar(String name, Path jar) {
    return new Builder(name, List.of("-jar", jar.toString()));
  }

  /** How the process is started; {@link #build()} makes the launcher without starting it. */
  public static final class Builder {
    private final String name;
    private final List<String> launch;
    private final Map<String, String> env = new HashMap<>();
    private List<String> jvmFlags = TEST_JVM_FLAGS;
    private Path log;
    private String logbackConfiguration;
    private boolean productionLogging;
    private Duration readyTimeout = Duration.ofSeconds(40);
    private Duration closeGrace = Duration.ZERO;

    private Builder(String name, List<String> launch) {
      this.name = name;
      this.launch = launch;
    }

    /** Adds to the process's environment. */
    public Builder env(Map<String, String> variables) {
      env.putAll(variables);
      return this;
    }

    /** Sets {@code {NAME}_HTTP_PORT} and {@code {NAME}_GRPC_PORT} to ports free right now. */
    public Builder onFreePorts() throws IOException {
      env.put(portVariable("HTTP"), Integer.toString(Ports.free()));
      env.put(portVariable("GRPC"), Integer.toString(Ports.free()));
      return this;
    }

    /** The JVM's flags (default: {@link #TEST_JVM_FLAGS}). */
    public Builder jvmFlags(List<String> flags) {
      jvmFlags = List.copyOf(flags);
      return this;
    }

    /** Where the output goes (default: a temporary file, removed on close when empty). */
    public Builder log(Path file) {
      log = file;
      return this;
    }

    /**
     * The logback configuration the service reads (a file path or URL, as logback's {@code
     * logback.configurationFile} takes it), in place of the one this JVM was given (a test's) or
     * the first on the class path.
     */
    public Builder logbackConfiguration(String location) {
      logbackConfiguration = location;
      return this;
    }

    /**
     * The service logs as its jar does, with the logging configuration it ships (a logback {@code
     * Configurator} its jar names as a service): no {@code logback.configurationFile}, and, for a
     * process on this JVM's class path, that class path without the test classes and test jars
     * ({@code test-classes}, {@code -tests.jar}), whose {@code logback-test.xml} would otherwise
     * win.
     */
    public Builder productionLogging() {
      productionLogging = true;
      return this;
    }

    public Builder readyWithin(Duration timeout) {
      readyTimeout = timeout;
      return this;
    }

    /**
     * How {@link #close()} ends a process still running: SIGTERM and up to {@code grace} for it to
     * exit, then SIGKILL; {@link Duration#ZERO} (the default) kills it outright.
     */
    public Builder closeWithin(Duration grace) {
      closeGrace = grace;
      return this;
    }

    public ServiceProcess build() throws IOException {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(jvmFlags);
      command.addAll(JDK_WARNINGS_OFF);
      boolean onClassPath = launch.getFirst().equals("-cp");
      String logback =
          logbackConfiguration != null
              ? logbackConfiguration
              : onClassPath && !productionLogging
                  ? System.getProperty("logback.configurationFile")
                  : null;
      if (logback != null) {
        command.add("-Dlogback.configurationFile=" + logback);
      }
      if (onClassPath && productionLogging) {
        command.add("-cp");
        command.add(withoutTestEntries(launch.get(1)));
        command.addAll(launch.subList(2, launch.size()));
      } else {
        command.addAll(launch);
      }
      return new ServiceProcess(this, command);
    }

    private static String withoutTestEntries(String classPath) {
      return Arrays.stream(classPath.split(File.pathSeparator))
          .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
          .collect(Collectors.joining(File.pathSeparator));
    }

    private String portVariable(String protocol) {
      return name.toUpperCase() + "_" + protocol + "_PORT";
    }
  }

  /** Starts the process and waits until {@code /api/{name}/ready} answers 200. */
  public ServiceProcess start() throws IOException, InterruptedException {
    long spawned = System.nanoTime();
    process = launch();
    awaitReady(spawned);
    startupMillis = (System.nanoTime() - spawned) / 1_000_000;
    return this;
  }

  /** Runs a one-shot to its end; fails unless it exits with 0 within {@code timeout}. */
  public void runToEnd(Duration timeout) throws IOException, InterruptedException {
    process = launch();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " failed:\n" + logTail());
    }
  }

  /** Runs the process until it exits by itself, within {@code timeout}; its exit code. */
  public int runToExit(Duration timeout) throws IOException, InterruptedException {
    process = launch();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " still running after " + timeout + ":\n" + logTail());
    }
    return process.exitValue();
  }

  private Process launch() throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return builder.start();
  }

  private void awaitReady(long spawned) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(baseUri().resolve("/api/" + name + "/ready")).build();
    long deadline = spawned + readyTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(POLL.toMillis());
    }
    process.destroyForcibly();
    throw new IllegalStateException(name + " not ready in " + readyTimeout + ":\n" + logTail());
  }

  private String logTail() throws IOException {
    String text = Files.readString(log);
    int keep = 20_000;
    return "("
        + log
        + ")\n"
        + (text.length() <= keep ? text : text.substring(text.length() - keep));
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port("HTTP"));
  }

  public int grpcPort() {
    return port("GRPC");
  }

  private int port(String protocol) {
    String variable = name.toUpperCase() + "_" + protocol + "_PORT";
    return Integer.parseInt(
        Objects.requireNonNull(env.get(variable), () -> variable + " is not set for " + name));
  }

  public Path log() {
    return log;
  }

  /** From spawning the JVM to the first ready answer, of the last {@link #start()}. */
  public long startupMillis() {
    return startupMillis;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook runs, whatever was in flight is cut off. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the exit code; fails (after a SIGKILL) past {@code timeout}. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not stop within " + timeout);
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      if (closeGrace.isZero()) {
        kill();
      } else {
        process.destroy();
        if (!process.waitFor(closeGrace.toMillis(), TimeUnit.MILLISECONDS)) {
          kill();
        }
      }
    }
    File file = log.toFile();
    if (temporaryLog && file.length() == 0) {
      file.delete();
    }
  }
}
