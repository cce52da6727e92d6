package dev.nis.initializer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port that starts forwarding to a local server only after a delay: a NATS that comes up
 * after the job has started.
 */
final class LateTcpProxy implements AutoCloseable {
  private final int port;
  private final List<Closeable> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private LateTcpProxy(int port) {
    this.port = port;
  }

  static LateTcpProxy forwardingAfter(Duration delay, int targetPort) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    LateTcpProxy proxy = new LateTcpProxy(port);
    Thread.ofVirtual().start(() -> proxy.serveAfter(delay, targetPort));
    return proxy;
  }

  int port() {
    return port;
  }

  private void serveAfter(Duration delay, int targetPort) {
    try {
      Thread.sleep(delay);
      ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
      open.add(server);
      while (!closed) {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(upstream);
        Thread.ofVirtual().start(() -> pipe(client, upstream));
        Thread.ofVirtual().start(() -> pipe(upstream, client));
      }
    } catch (IOException | InterruptedException e) {
      // closed
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    for (Closeable c : open) {
      c.close();
    }
  }
}
