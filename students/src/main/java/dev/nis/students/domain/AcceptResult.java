package dev.nis.students.domain;

import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;

/** The answer to a mutation request: queued, or refused before anything was queued. */
public sealed interface AcceptResult {
  record Accepted(OperationId operationId, StudentId studentId) implements AcceptResult {}

  record Refused(Rejection rejection) implements AcceptResult {}
}
