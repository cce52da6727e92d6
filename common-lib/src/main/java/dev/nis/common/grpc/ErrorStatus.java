package dev.nis.common.grpc;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.NotFoundException;
import dev.nis.common.domain.StoredDataException;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.observation.LoggedFailures;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a port throws into the status a gRPC client sees: the one place where exceptions
 * become statuses. Unexpected failures are logged here with their stack trace and answered with a
 * generic INTERNAL, so that no exception text (hosts, queries) leaks to clients.
 */
public final class ErrorStatus {
  private static final Logger log = LoggerFactory.getLogger(ErrorStatus.class);

  private ErrorStatus() {}

  public static StatusRuntimeException of(Throwable failure) {
    return switch (failure) {
      case StatusRuntimeException alreadyStatus -> alreadyStatus;
      case StatusException alreadyStatus ->
          alreadyStatus.getStatus().asRuntimeException(alreadyStatus.getTrailers());
      case ValidationException invalid ->
          Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
      case StoredDataException broken -> {
        if (!LoggedFailures.logged(broken)) {
          log.warn("answering INTERNAL: {}", broken.getMessage());
        }
        yield Status.INTERNAL.withDescription(broken.getMessage()).asRuntimeException();
      }
      case NotFoundException missing ->
          Status.NOT_FOUND.withDescription(missing.getMessage()).asRuntimeException();
      case DependencyUnavailableException unavailable ->
          Status.UNAVAILABLE
              .withDescription(unavailable.dependency() + " is unavailable, try again later")
              .asRuntimeException();
      default -> {
        if (!LoggedFailures.logged(failure)) {
          log.error("unexpected failure in a gRPC call", failure);
        }
        yield Status.INTERNAL.withDescription("internal error").asRuntimeException();
      }
    };
  }
}
