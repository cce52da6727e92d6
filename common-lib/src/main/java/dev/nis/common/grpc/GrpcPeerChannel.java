package dev.nis.common.grpc;

import dev.nis.common.tracing.Tracing;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Channels from one service to its peer's query service. Plaintext, since the peers talk inside the
 * compose network or the cluster only.
 *
 * <p>Retries are the channel's own (gRPC service config), for UNAVAILABLE only: the reads are
 * idempotent, and UNAVAILABLE means the call did not reach a healthy server (refused connection,
 * peer restarting, its database down). At most {@value #MAX_ATTEMPTS} attempts with a short
 * backoff; the per-call deadline set by the caller bounds all attempts together, so retrying never
 * makes a call slower than its deadline.
 *
 * <p>Keepalive pings find a peer that vanished without closing the connection (a killed pod) before
 * a call waits on it; they are no more frequent than {@link GrpcServer} permits.
 */
public final class GrpcPeerChannel {
  static final int MAX_ATTEMPTS = 3;
  static final Duration KEEPALIVE_TIME = Duration.ofSeconds(30);
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);

  private GrpcPeerChannel() {}

  /** A channel to {@code target} ("host:port" or a gRPC target URI) for one peer service. */
  public static ManagedChannel open(String target, String serviceName) {
    return open(target, serviceName, Tracing.off());
  }

  /** As above, each call (each attempt) traced as a client span whose context the call sends. */
  public static ManagedChannel open(String target, String serviceName, Tracing tracing) {
    return configure(
            Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()), serviceName)
        .intercept(tracing.grpcClientInterceptor())
        .build();
  }

  /**
   * Applies retry, keepalive and request-id propagation to any channel builder; tests pass an
   * in-process builder here.
   */
  public static ManagedChannelBuilder<?> configure(
      ManagedChannelBuilder<?> builder, String serviceName) {
    return builder
        .disableServiceConfigLookUp()
        .defaultServiceConfig(retryServiceConfig(serviceName))
        .enableRetry()
        .keepAliveTime(KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .intercept(new RequestIdClientInterceptor());
  }

  /** The service config, in the JSON shape of gRPC's service config (numbers as doubles). */
  static Map<String, ?> retryServiceConfig(String serviceName) {
    Map<String, ?> retryPolicy =
        Map.of(
            "maxAttempts",
            (double) MAX_ATTEMPTS,
            "initialBackoff",
            "0.1s",
            "maxBackoff",
            "0.5s",
            "backoffMultiplier",
            2.0,
            "retryableStatusCodes",
            List.of("UNAVAILABLE"));
    Map<String, ?> methodConfig =
        Map.of("name", List.of(Map.of("service", serviceName)), "retryPolicy", retryPolicy);
    return Map.of("methodConfig", List.of(methodConfig));
  }
}
