package dev.nis.courses.domain;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;

/** The answer to a mutation request: queued, or refused before anything was queued. */
public sealed interface AcceptResult {
  record Accepted(OperationId operationId, CourseId courseId) implements AcceptResult {}

  record Refused(Rejection rejection) implements AcceptResult {}
}
