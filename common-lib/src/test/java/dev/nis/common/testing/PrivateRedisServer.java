package dev.nis.common.testing;

import java.io.IOException;
import java.util.List;

/**
 * A redis-server of the test's own on a free port (the machine's Redis must not be stopped: other
 * tests and CI share it), so that a test can take Redis away and bring it back.
 */
public final class PrivateRedisServer implements AutoCloseable {
  private final ServerProcess server;

  private PrivateRedisServer(int port) {
    this.server = new ServerProcess(port);
  }

  public static PrivateRedisServer onFreePort() throws IOException {
    return new PrivateRedisServer(Ports.free());
  }

  public String url() {
    return "redis://127.0.0.1:" + server.port();
  }

  public PrivateRedisServer start() throws IOException, InterruptedException {
    server.start(
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
    return this;
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
