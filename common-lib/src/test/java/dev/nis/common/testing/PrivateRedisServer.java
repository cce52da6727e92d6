package dev.nis.common.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of the test's own on a free port (the machine's Redis must not be stopped: other
 * tests and CI share it), so that a test can take Redis away and bring it back.
 */
public final class PrivateRedisServer implements AutoCloseable {
  private final ServerProcess server;
  private final Path dataDir;

  private PrivateRedisServer(int port, Path dataDir) {
    this.server = new ServerProcess(port);
    this.dataDir = dataDir;
  }

  /** A server that keeps nothing: each start is empty. */
  public static PrivateRedisServer onFreePort() throws IOException {
    return new PrivateRedisServer(Ports.free(), null);
  }

  /**
   * A server that loads its snapshot ({@code dump.rdb} in {@code dir}) when it starts; a snapshot
   * is taken only when asked ({@code SAVE}), as Redis' default save policy takes one now and then.
   */
  public static PrivateRedisServer snapshottingIn(Path dir) throws IOException {
    return new PrivateRedisServer(Ports.free(), dir);
  }

  public String url() {
    return "redis://127.0.0.1:" + server.port();
  }

  public PrivateRedisServer start() throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--port",
                Integer.toString(server.port()),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"));
    if (dataDir != null) {
      command.addAll(List.of("--dir", dataDir.toString()));
    }
    server.start(command);
    return this;
  }

  /** SIGKILL: a crash or an OOM kill, with no snapshot taken on the way out. */
  public void kill() throws InterruptedException {
    server.kill();
  }

  /** Stops the server; its data is gone, as after a Redis restart without persistence. */
  public void stop() throws InterruptedException {
    server.stop();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
