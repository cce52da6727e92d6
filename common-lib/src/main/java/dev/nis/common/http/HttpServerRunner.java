package dev.nis.common.http;

import dev.nis.common.tracing.Tracing;
import io.helidon.common.SerializationConfig;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an {@link HttpRouter} on Helidon SE's WebServer until stopped.
 *
 * <p>Helidon reads HTTP/1.1 on a virtual thread per connection (so routes may block, as the core
 * port does), enforces the {@link HttpLimits}, drains request bodies a route did not read (up to
 * {@link #MAX_DRAINED_BODY_BYTES}; a larger declared body is a 413 before it is read), and stops
 * gracefully. Every route goes through one Helidon handler, {@link RouteDispatcher}; the errors
 * Helidon answers itself are problem details too ({@link ProtocolProblems}), and so is a header
 * block that comes too slowly ({@link HeaderDeadlines}); a body that comes too slowly has its
 * connection closed ({@link BodyDeadlines}).
 *
 * <pre>{@code
 * HttpServerRunner http = HttpServerRunner.start(8081, router, HttpLimits.DEFAULTS, grace);
 * ...
 * http.stop(); // on SIGTERM
 * }</pre>
 */
public final class HttpServerRunner implements AutoCloseable {
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

  /**
   * The largest body the server reads and drops when a route did not read it (a 413, a 404), so
   * that the connection can carry the next request; a body declared larger is refused with a 413
   * and the connection closed. JSON bodies have their own, smaller limit ({@link
   * JsonRequestBody#MAX_BYTES}).
   */
  static final long MAX_DRAINED_BODY_BYTES = 1024 * 1024;

  /** Connections waiting to be accepted; Helidon's default too, stated since bursts rely on it. */
  static final int BACKLOG = 1024;

  private static final Logger log = LoggerFactory.getLogger(HttpServerRunner.class);

  private final WebServer server;
  private final RouteDispatcher dispatcher;
  private final HeaderDeadlines headerDeadlines;
  private final BodyDeadlines bodyDeadlines;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private HttpServerRunner(
      WebServer server,
      RouteDispatcher dispatcher,
      HeaderDeadlines headerDeadlines,
      BodyDeadlines bodyDeadlines) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.headerDeadlines = headerDeadlines;
    this.bodyDeadlines = bodyDeadlines;
  }

  /**
   * Starts serving on every interface with the default limits and a {@link #DEFAULT_GRACE}; port 0
   * picks a free port (see {@link #port()}).
   */
  public static HttpServerRunner start(int port, HttpRouter router) {
    return start(port, router, HttpLimits.DEFAULTS, DEFAULT_GRACE);
  }

  /**
   * Starts serving on every interface.
   *
   * @param shutdownGrace how long {@link #stop()} lets the requests in flight finish
   */
  public static HttpServerRunner start(
      int port, HttpRouter router, HttpLimits limits, Duration shutdownGrace) {
    return start(port, router, limits, shutdownGrace, Tracing.off(), HttpMeters.uncounted());
  }

  /**
   * Starts serving on every interface, each request traced as a server span.
   *
   * @param shutdownGrace how long {@link #stop()} lets the requests in flight finish
   * @param meters where the requests the server answers itself, before routing, and those a route
   *     answers with a problem are counted
   */
  public static HttpServerRunner start(
      int port,
      HttpRouter router,
      HttpLimits limits,
      Duration shutdownGrace,
      Tracing tracing,
      HttpMeters meters) {
    RefusedRequests refused = meters.refused();
    leaveDeserializationAsItIs();
    JsonCodec json = JsonCodec.standard();
    BodyDeadlines bodyDeadlines = new BodyDeadlines(limits.bodyTimeout());
    RouteDispatcher dispatcher =
        new RouteDispatcher(router, json, tracing, bodyDeadlines, meters.problems());
    HeaderDeadlines headerDeadlines = new HeaderDeadlines(limits.headerTimeout(), json, refused);
    try {
      WebServer server =
          WebServer.builder()
              .port(port)
              .backlog(BACKLOG)
              .maxTcpConnections(limits.maxConnections())
              // Helidon's fixed limit: a permit per request, held until its answer is written
              .maxConcurrentRequests(limits.maxConcurrentRequests())
              .maxPayloadSize(MAX_DRAINED_BODY_BYTES)
              .idleConnectionTimeout(limits.idleTimeout())
              .idleConnectionPeriod(HttpLimits.IDLE_CHECK_PERIOD)
              .shutdownGracePeriod(shutdownGrace)
              // ServiceRuntime stops the server in its order on SIGTERM, not a hook of its own
              .shutdownHook(false)
              // one write per response, but a large one is several segments: no Nagle delay
              .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
              // hands ProtocolProblems Helidon's message when it is safe to echo
              .errorHandling(ErrorHandling.builder().includeEntity(true).build())
              .directHandlers(ProtocolProblems.all(json, limits, refused))
              // only the HTTP/1.1 configuration below, not a second, default one
              .protocolsDiscoverServices(false)
              .addProtocol(
                  Http1Config.builder()
                      .maxHeadersSize(limits.maxHeaderBytes())
                      .maxPrologueLength(HttpLimits.MAX_REQUEST_LINE_BYTES)
                      // HTTP/1.1 is persistent by default; the JDK server sent no such header
                      .sendKeepAliveHeader(false)
                      // 100 Continue only once a route reads the body (JsonRequestBody)
                      .continueImmediately(false)
                      .receiveLog(false)
                      .sendLog(false)
                      .addReceiveListener(headerDeadlines)
                      .build())
              .routing(routing -> routing.any(dispatcher))
              .build()
              .start();
      if (!server.isRunning()) {
        // Helidon logs a listener that could not bind and returns a server that is not running:
        // the service then went on without HTTP, ready to nobody, for good (found by a test of
        // a taken port)
        throw new UncheckedIOException(
            new BindException("the HTTP server could not listen on port " + port));
      }
      log.info("HTTP server listening on port {}", server.port());
      return new HttpServerRunner(server, dispatcher, headerDeadlines, bodyDeadlines);
    } catch (RuntimeException e) {
      headerDeadlines.close();
      bodyDeadlines.close();
      throw e;
    }
  }

  /**
   * Helidon's WebServer, when it starts, installs a JVM-wide deserialization filter (JEP 290) that
   * refuses every class no {@code META-INF/helidon/serial-config.properties} allows, unless the JVM
   * already has one. The services take no Java serialization from the network, but the embedded
   * MongoDB of courses keeps its documents in its H2 file by Java serialization, and would then
   * fail to read them back. So the JVM's own setting ({@code jdk.serialFilter}, none by default)
   * stays; Helidon is told so before it starts (its setting is once per JVM).
   */
  private static void leaveDeserializationAsItIs() {
    SerializationConfig.builder()
        .onNoConfig(SerializationConfig.Action.IGNORE)
        .onWrongConfig(SerializationConfig.Action.IGNORE)
        .build()
        .configure();
  }

  public int port() {
    return server.port();
  }

  /**
   * Stops accepting connections, lets the requests in flight finish for up to the shutdown grace
   * (their answers say {@code Connection: close}), closes idle connections at once, then closes
   * every connection. Returns once the server is stopped.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    dispatcher.stopping();
    server.stop();
    headerDeadlines.close();
    bodyDeadlines.close();
    log.info("HTTP server stopped");
  }

  @Override
  public void close() {
    stop();
  }
}
