package dev.nis.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * A nats-server with JetStream of the test's own, on a free port with its own storage directory
 * (the machine's NATS must not be stopped: other tests and CI share it), so that a test can take
 * NATS away and bring it back with its streams and their messages.
 */
public final class PrivateNatsServer implements AutoCloseable {
  private final ServerProcess server;
  private final Path storage;

  private PrivateNatsServer(int port, Path storage) {
    this.server = new ServerProcess(port);
    this.storage = storage;
  }

  public static PrivateNatsServer onFreePort() throws IOException {
    return new PrivateNatsServer(Ports.free(), Files.createTempDirectory("nats-js"));
  }

  public String url() {
    return "nats://127.0.0.1:" + server.port();
  }

  /** Starts the server (again, over the same storage) and waits until it accepts connections. */
  public PrivateNatsServer start() throws IOException, InterruptedException {
    server.start(
        List.of(
            "nats-server",
            "-a",
            "127.0.0.1",
            "-p",
            Integer.toString(server.port()),
            "-js",
            "-sd",
            storage.toString()));
    return this;
  }

  /**
   * Freezes the server (SIGSTOP): connections stay open, nothing is answered until {@link #resume}.
   */
  public void pause() throws IOException, InterruptedException {
    server.signal("STOP");
  }

  /** Lets a {@link #pause paused} server go on (SIGCONT); it then handles what waited. */
  public void resume() throws IOException, InterruptedException {
    server.signal("CONT");
  }

  /** Stops the server; the streams stay in its storage for the next {@link #start}. */
  public void stop() throws InterruptedException {
    server.stop();
  }

  @Override
  public void close() throws Exception {
    stop();
    try (var files = Files.walk(storage)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
