package dev.nis.common.http;

import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import java.util.Optional;
import java.util.function.Function;

/** {@code GET {operationsPath}/{op_id}}: the state of a queued mutation, 404 when unknown. */
public final class OperationRoutes {
  private OperationRoutes() {}

  /**
   * @param operationsPath e.g. {@code /api/courses/operations}
   * @param operations the port's operation lookup
   */
  public static void register(
      HttpRouter router,
      String operationsPath,
      Function<OperationId, Optional<Operation>> operations) {
    router.get(
        operationsPath + "/{op_id}",
        request -> {
          OperationId id = OperationId.parse(request.pathParam("op_id"));
          return operations
              .apply(id)
              .map(operation -> Response.data(HttpStatus.OK, OperationView.of(operation)))
              .orElseThrow(
                  () ->
                      new ProblemException(
                          Problem.of(HttpStatus.NOT_FOUND, "there is no operation " + id)));
        });
  }
}
