package dev.nis.common.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server program of a test's own (redis-server, nats-server) on a port of its own: started, then
 * waited for until it accepts connections; stopped with SIGTERM. The machine's shared servers must
 * not be stopped (other tests and CI use them), so a test that takes a dependency away runs its
 * own.
 */
final class ServerProcess {
  private static final Duration START_WITHIN = Duration.ofSeconds(10);

  private final int port;
  private Process process;

  ServerProcess(int port) {
    this.port = port;
  }

  int port() {
    return port;
  }

  /** Runs {@code command} and returns once the port accepts connections; its output is dropped. */
  void start(List<String> command) throws IOException, InterruptedException {
    start(command, ProcessBuilder.Redirect.DISCARD);
  }

  /** As {@link #start(List)}, its output (stdout and stderr) appended to {@code log}. */
  void start(List<String> command, Path log) throws IOException, InterruptedException {
    start(command, ProcessBuilder.Redirect.appendTo(log.toFile()));
  }

  private void start(List<String> command, ProcessBuilder.Redirect output)
      throws IOException, InterruptedException {
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    long deadline = System.nanoTime() + START_WITHIN.toNanos();
    while (!accepts()) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IllegalStateException(command.getFirst() + " did not start on port " + port);
      }
      Thread.sleep(20);
    }
  }

  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
      process = null;
    }
  }

  /** Ends the server with SIGKILL, as a lost machine or an OOM kill would: no shutdown at all. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
      process = null;
    }
  }

  /**
   * Sends the server {@code signal} ({@code STOP} to freeze it as a stalled host or a long pause
   * would, {@code CONT} to let it go on): its sockets stay open and what clients send waits in
   * them.
   */
  void signal(String signal) throws IOException, InterruptedException {
    if (process == null) {
      throw new IllegalStateException("not started");
    }
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Whether it was started and its process has ended without {@link #stop} or {@link #kill}. */
  boolean hasExited() {
    return process != null && !process.isAlive();
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
