package dev.nis.common.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Gives every inbound call a request id (the caller's {@code x-request-id}, or a new one) and makes
 * it visible to logging.
 *
 * <p>gRPC runs a call's callbacks on whichever executor thread is free, so a thread-local MDC set
 * once in {@code interceptCall} would be wrong or missing by the time the service method runs. The
 * id therefore rides in the call's {@link Context}, and a wrapping listener puts it into the MDC
 * around each callback and restores the thread's previous value afterwards. The id is also echoed
 * in the response headers, so that a client can quote it.
 */
public final class RequestIdServerInterceptor implements ServerInterceptor {
  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String requestId =
        RequestIds.acceptable(headers.get(RequestIds.METADATA_KEY)).orElseGet(RequestIds::generate);
    Context context = Context.current().withValue(RequestIds.CONTEXT_KEY, requestId);
    ServerCall<ReqT, RespT> echoing = new EchoingCall<>(call, requestId);
    ServerCall.Listener<ReqT> listener =
        callWithMdc(requestId, () -> Contexts.interceptCall(context, echoing, headers, next));
    return new MdcListener<>(listener, requestId);
  }

  private static <T> T callWithMdc(String requestId, Supplier<T> work) {
    String previous = MDC.get(RequestIds.MDC_KEY);
    MDC.put(RequestIds.MDC_KEY, requestId);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        MDC.remove(RequestIds.MDC_KEY);
      } else {
        MDC.put(RequestIds.MDC_KEY, previous);
      }
    }
  }

  private static void runWithMdc(String requestId, Runnable work) {
    callWithMdc(
        requestId,
        () -> {
          work.run();
          return null;
        });
  }

  private static final class EchoingCall<ReqT, RespT>
      extends SimpleForwardingServerCall<ReqT, RespT> {
    private final String requestId;

    EchoingCall(ServerCall<ReqT, RespT> delegate, String requestId) {
      super(delegate);
      this.requestId = requestId;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      headers.put(RequestIds.METADATA_KEY, requestId);
      super.sendHeaders(headers);
    }
  }

  private static final class MdcListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {
    private final String requestId;

    MdcListener(ServerCall.Listener<ReqT> delegate, String requestId) {
      super(delegate);
      this.requestId = requestId;
    }

    @Override
    public void onMessage(ReqT message) {
      runWithMdc(requestId, () -> super.onMessage(message));
    }

    @Override
    public void onHalfClose() {
      runWithMdc(requestId, super::onHalfClose);
    }

    @Override
    public void onCancel() {
      runWithMdc(requestId, super::onCancel);
    }

    @Override
    public void onComplete() {
      runWithMdc(requestId, super::onComplete);
    }

    @Override
    public void onReady() {
      runWithMdc(requestId, super::onReady);
    }
  }
}
