package dev.nis.common.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Optional;

/**
 * Sends the request id of the work in progress as {@code x-request-id}, so that the peer's logs
 * carry the same id. The id is read when the call is created, on the caller's thread, because that
 * is where the MDC holds it; a call made outside any request sends none and the peer makes one.
 */
public final class RequestIdClientInterceptor implements ClientInterceptor {
  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    Optional<String> requestId = RequestIds.current().flatMap(RequestIds::acceptable);
    return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
      @Override
      public void start(Listener<RespT> responseListener, Metadata headers) {
        requestId.ifPresent(id -> headers.put(RequestIds.METADATA_KEY, id));
        super.start(responseListener, headers);
      }
    };
  }
}
