package dev.nis.common.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Local ports for the servers that tests start (their own nats-server, redis-server, a service
 * process, a proxy) and for tests that need nothing to be listening.
 *
 * <p>A port is picked, then bound by another process a moment later. {@code new ServerSocket(0)}
 * picks from the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}, 32768–60999 by
 * default), the range every outgoing connection takes its local port from, so in between a
 * connection opened anywhere on the machine can take it and the server then fails to bind (seen in
 * CI: a nats-server of ClusterFailoverIT exited at once, right after a test that opened hundreds of
 * connections). So the ports here come from below that range, where the kernel hands out none;
 * picked at random (other test JVMs on the machine pick too) and never twice in this JVM. Libraries
 * that start servers for tests (Testcontainers, Spring's {@code TestSocketUtils}) pick with {@code
 * ServerSocket(0)}, the race included, so this is our own.
 */
public final class Ports {
  /** The lowest port handed out: above the registered services' usual ports (8xxx, 9xxx). */
  static final int LOWEST = 20_000;

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
  private static final int ATTEMPTS = 1_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private Ports() {}

  /**
   * A port that nothing listens on now and that no outgoing connection will take: below the
   * kernel's ephemeral range, at least {@value #LOWEST}, not handed out before by this JVM.
   *
   * @throws UncheckedIOException when no such port could be bound in {@value #ATTEMPTS} tries
   */
  public static int free() {
    int below = ephemeralLow();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (HANDED_OUT.add(port) && bindable(port)) {
        return port;
      }
    }
    throw new UncheckedIOException(
        new IOException("no free port in " + LOWEST + "–" + (below - 1) + " after many tries"));
  }

  /**
   * A port that nothing listens on: {@link #free()}, for a test that wants a refused connection.
   */
  public static int closed() {
    return free();
  }

  /** The first port of the kernel's ephemeral range (its default where it cannot be read). */
  static int ephemeralLow() {
    try {
      int low = firstNumber(EPHEMERAL_RANGE);
      return low > LOWEST + 1_000 ? low : DEFAULT_EPHEMERAL_LOW;
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_LOW;
    }
  }

  /**
   * The first number on the first line of {@code file}. Read line by line: a /proc file reports
   * size 0, and {@code Files.readString} then returned only its first character here.
   */
  static int firstNumber(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      String line = reader.readLine();
      if (line == null) {
        throw new IOException(file + " is empty");
      }
      return Integer.parseInt(line.trim().split("\\s+")[0]);
    }
  }

  /** Whether a listening socket can be bound to {@code port} now (nothing else holds it). */
  static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
