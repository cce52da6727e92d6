package dev.nis.common.grpc;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Serves the unary methods of a generated service with each response given already encoded, and
 * later: the bytes of the response message (e.g. a {@code nis.v1.Course} as the read cache stored
 * it) in a {@link CompletionStage}, sent as they are when it completes. On the wire nothing differs
 * from the generated service: the same names, request decoding, and response bytes the message
 * would encode to. The generated descriptor's schema is kept, so server reflection still describes
 * the service.
 *
 * <p>A method's answer is asked for on the transport's thread ({@link GrpcServer} runs calls
 * there), so it must not block: it returns a stage that the read completes (a cache hit when Redis
 * answers; a miss from a virtual thread of its own). What it throws, at once or in the stage,
 * becomes a status as {@link ErrorStatus} maps it.
 *
 * <p>Why not the generated {@code ImplBase}: its response marshaller takes a message and encodes
 * it, so a cache hit would be decoded into a message only to be encoded again.
 */
public final class EncodedResponses {
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new BytesMarshaller();

  private final ServiceDescriptor generated;
  private final Map<String, Bound<?>> methods = new LinkedHashMap<>();

  private EncodedResponses(ServiceDescriptor generated) {
    this.generated = generated;
  }

  /** A service of the methods of {@code generated}, each to be bound with {@link #unary}. */
  public static EncodedResponses of(ServiceDescriptor generated) {
    return new EncodedResponses(generated);
  }

  /** Answers {@code method} with the bytes {@code answer} completes with; must not block. */
  public <Q> EncodedResponses unary(
      MethodDescriptor<Q, ?> method, Function<Q, CompletionStage<byte[]>> answer) {
    if (method.getType() != MethodDescriptor.MethodType.UNARY
        || !generated.getMethods().contains(method)) {
      throw new IllegalArgumentException(
          method.getFullMethodName() + " is no unary method of " + generated.getName());
    }
    methods.put(
        method.getFullMethodName(),
        new Bound<>(method.toBuilder(method.getRequestMarshaller(), BYTES).build(), answer));
    return this;
  }

  /**
   * @throws IllegalStateException when a method of the service is left unbound
   */
  public ServerServiceDefinition build() {
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(generated.getName())
            .setSchemaDescriptor(generated.getSchemaDescriptor());
    for (MethodDescriptor<?, ?> method : generated.getMethods()) {
      Bound<?> bound = methods.get(method.getFullMethodName());
      if (bound == null) {
        throw new IllegalStateException(method.getFullMethodName() + " is not bound");
      }
      descriptor.addMethod(bound.method());
    }
    ServerServiceDefinition.Builder definition =
        ServerServiceDefinition.builder(descriptor.build());
    methods.values().forEach(bound -> bound.addTo(definition));
    return definition.build();
  }

  private record Bound<Q>(
      MethodDescriptor<Q, byte[]> method, Function<Q, CompletionStage<byte[]>> answer) {
    void addTo(ServerServiceDefinition.Builder definition) {
      definition.addMethod(method, ServerCalls.asyncUnaryCall(this::answer));
    }

    private void answer(Q request, StreamObserver<byte[]> responses) {
      // an answer that completes after the client cancelled is dropped, not an exception
      ((ServerCallStreamObserver<byte[]>) responses).setOnCancelHandler(() -> {});
      CompletionStage<byte[]> bytes;
      try {
        bytes = answer.apply(request);
      } catch (RuntimeException e) {
        responses.onError(ErrorStatus.of(e));
        return;
      }
      bytes.whenComplete(
          (message, failure) -> {
            if (failure != null) {
              responses.onError(ErrorStatus.of(unwrapped(failure)));
            } else {
              responses.onNext(message);
              responses.onCompleted();
            }
          });
    }

    private static Throwable unwrapped(Throwable failure) {
      return failure instanceof CompletionException wrapped && wrapped.getCause() != null
          ? wrapped.getCause()
          : failure;
    }
  }

  /** Bytes as they are; the known length lets gRPC frame them without buffering a copy. */
  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new KnownLengthStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException("reading a message from gRPC's buffer failed", e);
      }
    }
  }

  private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
    KnownLengthStream(byte[] bytes) {
      super(bytes);
    }
  }
}
