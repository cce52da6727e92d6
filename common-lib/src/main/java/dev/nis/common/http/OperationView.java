package dev.nis.common.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.nis.common.domain.EnrollmentOutcome;
import dev.nis.common.domain.Operation;
import java.util.List;
import java.util.Map;

/**
 * An operation as clients read it: {@code {id, status, entity_id, action, problem, updated_at,
 * enrollments}}, with {@code problem} (problem details) only when it was rejected and {@code
 * enrollments} only when it asked for some (README.md, "Operations").
 */
public record OperationView(
    String id,
    String status,
    String entityId,
    String action,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> problem,
    String updatedAt,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EnrollmentView> enrollments) {

  /**
   * What became of one enrollment change the operation asked for ({@code change}: {@code add} or
   * {@code remove}): {@code pending} until both sides applied it, then for an add {@code kept}, or
   * {@code compensated} with the reason as soon as one side compensated it; for a remove {@code
   * removed}.
   */
  public record EnrollmentView(
      String courseId,
      String studentId,
      String change,
      String status,
      @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    public static EnrollmentView of(EnrollmentOutcome outcome) {
      return new EnrollmentView(
          outcome.courseId(),
          outcome.studentId(),
          outcome.kind().wireName(),
          outcome.status().wireName(),
          outcome.status() == EnrollmentOutcome.Status.COMPENSATED ? outcome.reason() : null);
    }
  }

  public static OperationView of(Operation operation) {
    return new OperationView(
        operation.id().toString(),
        operation.state().wireName(),
        operation.entityId(),
        operation.action().wireName(),
        operation.rejection().map(r -> Problem.fromRejection(r).members()).orElse(null),
        operation.updatedAt().toString(),
        operation.enrollments().stream().map(EnrollmentView::of).toList());
  }
}
