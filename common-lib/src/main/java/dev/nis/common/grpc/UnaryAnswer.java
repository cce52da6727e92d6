package dev.nis.common.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers a unary call from a read: its value, or the status {@link ErrorStatus} gives its failure
 * (INVALID_ARGUMENT naming the field, NOT_FOUND, UNAVAILABLE, INTERNAL without the stack trace).
 * Failures become statuses here and nowhere else.
 */
public final class UnaryAnswer {
  private UnaryAnswer() {}

  public static <T> void answer(StreamObserver<T> responses, Supplier<T> read) {
    T response;
    try {
      response = read.get();
    } catch (RuntimeException e) {
      responses.onError(ErrorStatus.of(e));
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }

  /** The value of a look-up, or NOT_FOUND described as "{@code what} not found". */
  public static <T> T found(Optional<T> value, String what) {
    return value.orElseThrow(
        () -> Status.NOT_FOUND.withDescription(what + " not found").asRuntimeException());
  }
}
