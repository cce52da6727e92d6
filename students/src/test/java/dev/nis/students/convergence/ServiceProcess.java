package dev.nis.students.convergence;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service as a separate JVM from the test class path, killable with SIGKILL. */
final class ServiceProcess implements AutoCloseable {
  private final String name;
  private final String mainClass;
  private final Map<String, String> env;
  private final URI readyUri;
  private final Path log;
  private Process process;

  ServiceProcess(String name, String mainClass, Map<String, String> env, int httpPort)
      throws IOException {
    this.name = name;
    this.mainClass = mainClass;
    this.env = new HashMap<>(env);
    this.env.putIfAbsent("LOG_LEVEL", "WARN");
    this.readyUri = URI.create("http://127.0.0.1:" + httpPort + "/api/" + name + "/ready");
    this.log = Files.createTempFile(name + "-", ".log");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  ServiceProcess start() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    process = builder.start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited:\n" + Files.readString(log));
      }
      try {
        if (client
                .send(
                    HttpRequest.newBuilder(readyUri).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " not ready:\n" + Files.readString(log));
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
