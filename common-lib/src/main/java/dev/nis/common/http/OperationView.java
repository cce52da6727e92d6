package dev.nis.common.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.nis.common.domain.Operation;
import java.util.Map;

/**
 * An operation as clients read it: {@code {id, status, entity_id, action, problem, updated_at}},
 * with {@code problem} (problem details) only when it was rejected.
 */
public record OperationView(
    String id,
    String status,
    String entityId,
    String action,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> problem,
    String updatedAt) {

  public static OperationView of(Operation operation) {
    return new OperationView(
        operation.id().toString(),
        operation.state().wireName(),
        operation.entityId(),
        operation.action().wireName(),
        operation.rejection().map(r -> Problem.fromRejection(r).members()).orElse(null),
        operation.updatedAt().toString());
  }
}
