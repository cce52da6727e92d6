package dev.nis.common.testing;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The standard gRPC health service ({@code grpc.health.v1.Health/Check}) of a server on this
 * machine, asked for the whole server ({@code ""}) as a gRPC load balancer or a Kubernetes gRPC
 * probe asks it.
 */
public final class GrpcHealth {
  private GrpcHealth() {}

  /** The server's status now; {@link ServingStatus#UNKNOWN} when the call itself fails. */
  public static ServingStatus check(int port) {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .build();
    try {
      return HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance())
          .getStatus();
    } catch (StatusRuntimeException e) {
      return ServingStatus.UNKNOWN;
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * Asks every 50 ms until the server reports {@code expected} or {@code within} has passed.
   *
   * @return the last status reported
   */
  public static ServingStatus await(int port, ServingStatus expected, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    ServingStatus status = check(port);
    while (status != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status = check(port);
    }
    return status;
  }
}
