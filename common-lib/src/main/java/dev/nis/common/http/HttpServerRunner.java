package dev.nis.common.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an {@link HttpRouter} until stopped.
 *
 * <p>Why the JDK's built-in {@code com.sun.net.httpserver} and not a framework: the API is a
 * handful of JSON routes, and this server plus a virtual thread per request handles them with no
 * dependency beyond the JDK (and blocking code, which the core port is, stays simple).
 *
 * <pre>{@code
 * HttpServerRunner http = HttpServerRunner.start(8081, router);
 * ...
 * http.stop(Duration.ofSeconds(5)); // on SIGTERM
 * }</pre>
 */
public final class HttpServerRunner implements AutoCloseable {
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(HttpServerRunner.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final ExchangeDispatcher dispatcher;
  private final InFlightRequests inFlight;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private HttpServerRunner(
      HttpServer server,
      ExecutorService executor,
      ExchangeDispatcher dispatcher,
      InFlightRequests inFlight) {
    this.server = server;
    this.executor = executor;
    this.dispatcher = dispatcher;
    this.inFlight = inFlight;
  }

  /** Connections waiting to be accepted; the JDK's default (50) refuses bursts of clients. */
  static final int BACKLOG = 1024;

  static final String NODELAY = "sun.net.httpserver.nodelay";

  /*
   * The JDK server writes a response's headers and its body in separate writes; with Nagle's
   * algorithm on, a keep-alive client's delayed ACK then holds each such response about 40 ms
   * (JDK-6968351; bench/run.sh measured every 17 KB list page at p50 44 ms). TCP_NODELAY avoids
   * it. The JDK reads the property once, when its server configuration loads, so it is set here,
   * before the first server is created, unless the operator set it.
   */
  static {
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }

  /** Starts serving on every interface; port 0 picks a free port (see {@link #port()}). */
  public static HttpServerRunner start(int port, HttpRouter router) throws IOException {
    return start(new InetSocketAddress(port), router);
  }

  public static HttpServerRunner start(InetSocketAddress address, HttpRouter router)
      throws IOException {
    InFlightRequests inFlight = new InFlightRequests();
    ExchangeDispatcher dispatcher = new ExchangeDispatcher(router, JsonCodec.standard(), inFlight);
    HttpServer server = HttpServer.create(address, BACKLOG);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", dispatcher);
    server.start();
    log.info("HTTP server listening on port {}", server.getAddress().getPort());
    return new HttpServerRunner(server, executor, dispatcher, inFlight);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Stops accepting connections, lets the requests in flight finish for up to {@code grace}, then
   * closes every connection. Requests that arrive meanwhile on open connections get a 503.
   */
  public void stop(Duration grace) {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    dispatcher.startDraining();
    int graceSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, grace.toSeconds()));
    // Closes the listening socket at once, then waits for exchanges (on JDK 21 always the whole
    // delay: hence the second stop(0) below, once our own count says nothing is in flight).
    Thread closer = Thread.ofVirtual().start(() -> server.stop(graceSeconds));
    try {
      if (!inFlight.awaitIdle(grace)) {
        log.warn("{} HTTP requests still running after {}; closing them", inFlight.count(), grace);
      }
      server.stop(0);
      closer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.stop(0);
    }
    shutDownExecutor();
    log.info("HTTP server stopped");
  }

  @Override
  public void close() {
    stop(DEFAULT_GRACE);
  }

  private void shutDownExecutor() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
