package dev.nis.common.grpc;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A request message that does not parse (protobuf refuses, among others, a {@code string} field
 * whose bytes are not UTF-8) is the client's mistake: INVALID_ARGUMENT with a description.
 * grpc-java itself answers such a call with UNKNOWN ("Application error processing RPC") and logs
 * the parse failure as SEVERE through java.util.logging, because it parses the request before any
 * interceptor sees it. So each method's request marshaller is wrapped to hand on {@code null} for a
 * message it cannot parse, and the method's handler is wrapped to close such a call itself before
 * the service sees it.
 */
final class MalformedRequests {
  private MalformedRequests() {}

  /** The service with each method refusing malformed requests; responses are untouched. */
  static ServerServiceDefinition refused(ServerServiceDefinition service) {
    ServiceDescriptor original = service.getServiceDescriptor();
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> wrapped = wrap(method);
      descriptor.addMethod(wrapped.getMethodDescriptor());
      methods.add(wrapped);
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  private static <Q, R> ServerMethodDefinition<Q, R> wrap(ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
    MethodDescriptor<Q, R> lenient =
        descriptor.toBuilder(
                new NullWhenMalformed<>(descriptor.getRequestMarshaller()),
                descriptor.getResponseMarshaller())
            .build();
    ServerCallHandler<Q, R> next = method.getServerCallHandler();
    return ServerMethodDefinition.create(
        lenient,
        (call, headers) -> new Refusing<>(next.startCall(call, headers), call, descriptor));
  }

  /** The method's own marshaller, answering {@code null} for bytes it cannot parse. */
  private record NullWhenMalformed<T>(MethodDescriptor.Marshaller<T> marshaller)
      implements MethodDescriptor.Marshaller<T> {
    @Override
    public InputStream stream(T value) {
      return marshaller.stream(value);
    }

    @Override
    public T parse(InputStream stream) {
      try {
        return marshaller.parse(stream);
      } catch (StatusRuntimeException malformed) {
        return null;
      }
    }
  }

  /** Closes the call at a malformed message; passes on nothing of that call after it. */
  private static final class Refusing<Q, R> extends SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, R> call;
    private final MethodDescriptor<Q, R> method;
    private boolean refused;

    Refusing(ServerCall.Listener<Q> next, ServerCall<Q, R> call, MethodDescriptor<Q, R> method) {
      super(next);
      this.call = call;
      this.method = method;
    }

    @Override
    public void onMessage(Q message) {
      if (refused) {
        return;
      }
      if (message == null) {
        refused = true;
        call.close(
            Status.INVALID_ARGUMENT.withDescription(
                "the request is not a valid "
                    + method.getFullMethodName()
                    + " message (is every string UTF-8?)"),
            new Metadata());
        return;
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        super.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        super.onReady();
      }
    }
  }
}
