package dev.nis.common.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Cuts a status's description to {@value #MAX_CHARS} characters. A description travels as the
 * {@code grpc-message} trailer, and grpc-java's own services put what a client sent into it (the
 * health service answers "unknown service " and the name asked for): a name of 80,000 bytes made a
 * trailer larger than the client's limit on header lists (8 KiB by default in grpc-java and gRPC's
 * C core), and the call got no answer while the connection stopped answering (a newcomer's trial).
 * This project's own descriptions are far shorter, so only that service is wrapped ({@link
 * GrpcServer}).
 */
final class BoundedDescriptions implements ServerInterceptor {
  static final int MAX_CHARS = 512;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return next.startCall(
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            super.close(bounded(status), trailers);
          }
        },
        headers);
  }

  static Status bounded(Status status) {
    String description = status.getDescription();
    if (description == null || description.length() <= MAX_CHARS) {
      return status;
    }
    int end = MAX_CHARS - 1;
    if (Character.isHighSurrogate(description.charAt(end - 1))) {
      end--; // not half of a pair
    }
    return status.withDescription(description.substring(0, end) + "\u2026");
  }
}
