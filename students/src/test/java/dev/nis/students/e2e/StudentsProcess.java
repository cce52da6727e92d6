package dev.nis.students.e2e;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The students service as a separate JVM, started from the test class path with the given
 * environment, so that a test can kill it abruptly (SIGKILL) and start it again.
 */
final class StudentsProcess implements AutoCloseable {
  private final Map<String, String> env;
  private final int httpPort;
  private final int grpcPort;
  private final Path log;
  private Process process;

  StudentsProcess(Map<String, String> env) throws IOException {
    this.httpPort = freePort();
    this.grpcPort = freePort();
    this.env = new HashMap<>(env);
    this.env.put("STUDENTS_HTTP_PORT", Integer.toString(httpPort));
    this.env.put("STUDENTS_GRPC_PORT", Integer.toString(grpcPort));
    this.env.putIfAbsent("LOG_LEVEL", "INFO");
    this.log = Files.createTempFile("students-", ".log");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  int grpcPort() {
    return grpcPort;
  }

  Path log() {
    return log;
  }

  /** Starts the process and waits until it reports ready. */
  StudentsProcess start() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
    String logbackConfiguration = System.getProperty("logback.configurationFile");
    if (logbackConfiguration != null) {
      command.add("-Dlogback.configurationFile=" + logbackConfiguration);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.nis.students.Main"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    process = builder.start();
    awaitReady(Duration.ofSeconds(30));
    return this;
  }

  private void awaitReady(Duration timeout) throws InterruptedException, IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "students exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(baseUri().resolve("/api/students/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "students not ready in " + timeout + ":\n" + Files.readString(log));
  }

  /** SIGKILL: no shutdown hook runs, whatever was in flight is cut off. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("students did not stop within " + timeout);
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      kill();
    }
    File file = log.toFile();
    if (file.length() == 0) {
      file.delete();
    }
  }
}
