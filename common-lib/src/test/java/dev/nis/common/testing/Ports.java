package dev.nis.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Local ports for tests that need nothing to be listening. */
public final class Ports {
  private Ports() {}

  /** A port that was free a moment ago: nothing listens on it. */
  public static int closed() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
