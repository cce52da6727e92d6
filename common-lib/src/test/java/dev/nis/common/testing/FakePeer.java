package dev.nis.common.testing;

import com.google.protobuf.Message;
import dev.nis.common.grpc.RequestIds;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * The other service, serving one unary method of its queries: answers with a set response after
 * failing a chosen number of attempts with a chosen status, or never answers at all; it records
 * what it saw (the request, the request id in its MDC).
 *
 * @param <Q> the request message
 * @param <A> the response message
 */
public final class FakePeer<Q extends Message, A extends Message> implements BindableService {
  public final AtomicInteger attempts = new AtomicInteger();
  public volatile A answer;
  public volatile int failuresBeforeAnswer;
  public volatile Status failure = Status.UNAVAILABLE;
  public volatile boolean silent;
  public volatile Q seenRequest;
  public volatile String seenRequestId;
  private final MethodDescriptor<Q, A> method;

  public FakePeer(MethodDescriptor<Q, A> method, A emptyAnswer) {
    this.method = method;
    this.answer = emptyAnswer;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return ServerServiceDefinition.builder(method.getServiceName())
        .addMethod(method, ServerCalls.asyncUnaryCall(this::answer))
        .build();
  }

  private void answer(Q request, StreamObserver<A> responses) {
    int attempt = attempts.incrementAndGet();
    seenRequest = request;
    seenRequestId = MDC.get(RequestIds.MDC_KEY);
    if (silent) {
      return;
    }
    if (attempt <= failuresBeforeAnswer) {
      responses.onError(failure.asRuntimeException());
      return;
    }
    responses.onNext(answer);
    responses.onCompleted();
  }
}
