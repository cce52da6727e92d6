package dev.nis.common.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A redis-server of the test's own on a free port (the machine's Redis must not be stopped: other
 * tests and CI share it), so that a test can take Redis away and bring it back.
 */
public final class PrivateRedisServer implements AutoCloseable {
  private final int port;
  private Process process;

  private PrivateRedisServer(int port) {
    this.port = port;
  }

  public static PrivateRedisServer onFreePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return new PrivateRedisServer(socket.getLocalPort());
    }
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public PrivateRedisServer start() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!accepts()) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IllegalStateException("redis-server did not start on port " + port);
      }
      Thread.sleep(50);
    }
    return this;
  }

  /** Stops the server; its data is gone, as after a Redis restart without persistence. */
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
  public void close() throws InterruptedException {
    stop();
  }
}
