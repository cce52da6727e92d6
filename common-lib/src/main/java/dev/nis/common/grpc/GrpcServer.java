package dev.nis.common.grpc;

import dev.nis.common.tracing.Tracing;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's gRPC server: its query services plus the standard health service and server
 * reflection ({@code v1} and {@code v1alpha}), with request ids on every call; a call whose request
 * does not parse is INVALID_ARGUMENT ({@link MalformedRequests}), and the health service's
 * descriptions are bounded ({@link BoundedDescriptions}); a call the transport refuses for what the
 * client sent is a DEBUG line, not a WARNING with a stack trace ({@link TransportRefusalLog}).
 * Shaped like grpc-java's {@code RouteGuideServer}: the {@link ServerBuilder} is a constructor
 * seam, so tests pass an in-process builder.
 *
 * <p>Calls run on the transport's threads ({@link ServerBuilder#directExecutor()}), not handed to
 * an executor: the query services are {@link EncodedResponses}, whose answers never block (a cache
 * hit completes when Redis answers, on lettuce's asynchronous API; a miss reads the store on a
 * virtual thread of its own), and health and reflection answer from memory. A service added here
 * must not block either. Measured against grpc-java's default executor and against virtual threads
 * per call: README.md, "Reads".
 *
 * <p>There is no shutdown hook here on purpose: the service's {@code Main} owns the one hook that
 * stops every part in order (readiness off, servers, consumers, stores).
 */
public final class GrpcServer {
  /**
   * The shortest keepalive interval a client may use; {@link GrpcPeerChannel} pings less often.
   * Faster pings get the connection closed with {@code too_many_pings}.
   */
  static final Duration PERMITTED_KEEPALIVE = Duration.ofSeconds(20);

  /**
   * The most calls one connection may have open at once (HTTP/2's {@code
   * SETTINGS_MAX_CONCURRENT_STREAMS}, which grpc-java leaves unbounded); a client's further calls
   * wait on its side for a stream. The same bound as {@code HTTP_MAX_CONCURRENT_REQUESTS}'s
   * default, for the same reason: each call in flight holds memory of the 96 MiB heap, and a miss a
   * parked virtual thread and, soon, a pooled store connection. Unbounded, a client that fired
   * 3,000 calls at once had them all running (found by a fresh helper).
   */
  static final int MAX_CALLS_PER_CONNECTION = 1024;

  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);
  private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(5);

  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();
  private final List<String> healthNames = new ArrayList<>();

  public GrpcServer(ServerBuilder<?> builder, List<? extends BindableService> services) {
    this(builder, services, Tracing.off());
  }

  /** As above, each call traced as a server span (its context from the call's metadata). */
  public GrpcServer(
      ServerBuilder<?> builder, List<? extends BindableService> services, Tracing tracing) {
    TransportRefusalLog.install();
    healthNames.add(HealthStatusManager.SERVICE_NAME_ALL_SERVICES);
    for (BindableService service : services) {
      ServerServiceDefinition definition = service.bindService();
      healthNames.add(definition.getServiceDescriptor().getName());
      builder.addService(MalformedRequests.refused(definition));
    }
    this.server =
        builder
            .directExecutor()
            // grpc-java's own services too: a request that does not parse is INVALID_ARGUMENT;
            // the health service's descriptions echo the name asked for, so they are bounded (on
            // that service only: the queries' own are short, and every call of theirs is hot)
            .addService(
                ServerInterceptors.intercept(
                    MalformedRequests.refused(health.getHealthService().bindService()),
                    new BoundedDescriptions()))
            .addService(
                MalformedRequests.refused(ProtoReflectionServiceV1.newInstance().bindService()))
            // v1alpha as well: Postman, Kreya and evans still ask for it alone (tonic took it back
            // for them); grpc-java's v1alpha service answers through the v1 one
            .addService(MalformedRequests.refused(reflectionV1Alpha()))
            .intercept(new RequestIdServerInterceptor())
            // added last, so it runs first: the request id's log lines are inside the span
            .intercept(tracing.grpcServerInterceptor())
            .build();
    setServing(false);
  }

  @SuppressWarnings("deprecation") // deprecated for v1, which is served too
  private static ServerServiceDefinition reflectionV1Alpha() {
    return io.grpc.protobuf.services.ProtoReflectionService.newInstance().bindService();
  }

  /** A plaintext server on {@code port} (0 picks a free one), for the service's own network. */
  public static GrpcServer onPort(int port, List<? extends BindableService> services) {
    return onPort(port, services, Tracing.off());
  }

  /** As above, each call traced. */
  public static GrpcServer onPort(
      int port, List<? extends BindableService> services, Tracing tracing) {
    return onPort(port, services, tracing, MAX_CALLS_PER_CONNECTION);
  }

  /** As above, with another bound on the calls one connection may have open at once. */
  static GrpcServer onPort(
      int port, List<? extends BindableService> services, Tracing tracing, int maxCalls) {
    ServerBuilder<?> builder =
        NettyServerBuilder.forPort(port, InsecureServerCredentials.create())
            .permitKeepAliveTime(PERMITTED_KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS)
            .maxConcurrentCallsPerConnection(maxCalls);
    return new GrpcServer(builder, services, tracing);
  }

  /** Starts listening and reports SERVING. */
  public GrpcServer start() throws IOException {
    server.start();
    setServing(true);
    // the health name of the whole server is "", which says nothing in a log line
    log.info(
        "gRPC server listening on {}, serving {}",
        server.getListenSockets(),
        healthNames.stream().filter(name -> !name.isEmpty()).toList());
    return this;
  }

  /** The port listened on, once started; -1 for an in-process server. */
  public int port() {
    return server.getPort();
  }

  /**
   * Reports SERVING or NOT_SERVING for the whole server ("") and each service, for load balancers
   * and Kubernetes gRPC probes; the runtime sets it from readiness every 250 ms (a database down:
   * NOT_SERVING; {@code ServiceRuntime.serve}) and turns it off before stopping.
   */
  public void setServing(boolean serving) {
    ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    healthNames.forEach(name -> health.setStatus(name, status));
  }

  /**
   * Reports NOT_SERVING for good, refuses new calls, lets in-flight calls finish within {@code
   * grace}, then cancels what is left.
   */
  public void stop(Duration grace) throws InterruptedException {
    health.enterTerminalState();
    server.shutdown();
    if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn("gRPC calls still running after {}, cancelling them", grace);
      server.shutdownNow();
      server.awaitTermination(FORCED_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Waits until the server has stopped; for a Main that has nothing else to wait on. */
  public void blockUntilShutdown() throws InterruptedException {
    server.awaitTermination();
  }
}
