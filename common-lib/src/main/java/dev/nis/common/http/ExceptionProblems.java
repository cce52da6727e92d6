package dev.nis.common.http;

import dev.nis.common.application.CommandNotAcknowledgedException;
import dev.nis.common.application.CommandQueueFullException;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.NotFoundException;
import dev.nis.common.domain.StoredDataException;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.observation.LoggedFailures;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what a route threw to the problem a client sees: a client's mistake to a 4xx naming the
 * field, an unreachable dependency to a 503 with Retry-After, anything else to a 500 whose body
 * holds no exception text (the log has it, under the request id the body gives).
 */
final class ExceptionProblems {
  static final String RETRY_AFTER_SECONDS = "1";
  private static final Logger log = LoggerFactory.getLogger(ExceptionProblems.class);

  private ExceptionProblems() {}

  static Response toResponse(Throwable failure, String requestId) {
    return switch (failure) {
      case ProblemException problem -> problem.toResponse();
      case ValidationException invalid ->
          Response.problem(Problem.invalidField(invalid.field(), invalid.getMessage()));
      case StoredDataException broken -> {
        logOnce(broken, "answering 500: {}");
        yield Response.problem(
            Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, broken.getMessage())
                .withExtension("request_id", requestId));
      }
      case NotFoundException missing ->
          Response.problem(Problem.of(HttpStatus.NOT_FOUND, missing.getMessage()));
      case IOException unreadable -> {
        log.debug("could not read the request", unreadable);
        yield Response.problem(Problem.badRequest("the request could not be read"));
      }
      case CommandQueueFullException full -> {
        logOnce(full, "answering 503: {}");
        yield Response.problem(
                Problem.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "this service has more commands queued than it applies in time (limit "
                        + full.limit()
                        + "); nothing was queued: retry after the time in Retry-After"))
            .withHeader("Retry-After", RETRY_AFTER_SECONDS);
      }
      case CommandNotAcknowledgedException unknown -> {
        logOnce(unknown, "answering 503: {}");
        yield Response.problem(
                Problem.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "the queue did not confirm that it stored the command in time; it may"
                            + " still be applied: read the operation, or retry with the same"
                            + " Idempotency-Key")
                    .withExtension("operation_id", unknown.operationId().toString()))
            .withHeader("Retry-After", RETRY_AFTER_SECONDS);
      }
      case DependencyUnavailableException unavailable -> {
        logOnce(unavailable, "answering 503: {}");
        yield Response.problem(
                Problem.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "a service this request needs is unavailable; retry shortly"))
            .withHeader("Retry-After", RETRY_AFTER_SECONDS);
      }
      default -> {
        if (!LoggedFailures.logged(failure)) {
          log.error("unexpected failure, answering 500", failure);
        }
        yield Response.problem(
            Problem.of(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "an unexpected error occurred; quote the request id when reporting it")
                .withExtension("request_id", requestId));
      }
    };
  }

  /**
   * Logs a failure the service answers for, at warn with its message, unless the port call's
   * observation logged it already ({@link LoggedFailures}).
   */
  private static void logOnce(RuntimeException failure, String format) {
    if (!LoggedFailures.logged(failure)) {
      log.warn(format, failure.getMessage());
    }
  }
}
