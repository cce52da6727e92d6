package dev.nis.common.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A nats-server with JetStream of the test's own, on a free port with its own storage directory
 * (the machine's NATS must not be stopped: other tests and CI share it), so that a test can take
 * NATS away and bring it back with its streams and their messages.
 */
public final class PrivateNatsServer implements AutoCloseable {
  private final int port;
  private final Path storage;
  private Process process;

  private PrivateNatsServer(int port, Path storage) {
    this.port = port;
    this.storage = storage;
  }

  public static PrivateNatsServer onFreePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return new PrivateNatsServer(socket.getLocalPort(), Files.createTempDirectory("nats-js"));
    }
  }

  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  /** Starts the server (again, over the same storage) and waits until it accepts connections. */
  public PrivateNatsServer start() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                "nats-server",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-js",
                "-sd",
                storage.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!accepts()) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IllegalStateException("nats-server did not start on port " + port);
      }
      Thread.sleep(20);
    }
    return this;
  }

  /** Stops the server; the streams stay in its storage for the next {@link #start}. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
      process = null;
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    try (var files = Files.walk(storage)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
