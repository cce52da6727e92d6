package dev.nis.students.application.port.in;

import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.IdempotentRequest;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.common.domain.StudentId;
import dev.nis.students.domain.StudentCommand;
import java.util.Optional;

/** Command submission, called by the HTTP adapter: queue a mutation, then follow its operation. */
public interface SubmitStudentCommands {
  /**
   * Checks what can be checked now (the student exists for updates, deletes and enrollments; no
   * other live student has the full name; the student is not visibly full for an enrollment) and
   * queues the command. Nothing is recorded or queued when it is refused (I5).
   */
  AcceptResult<StudentId> accept(StudentCommand command);

  /**
   * As {@link #accept(StudentCommand)}, at most once per Idempotency-Key: a repeat of the key's
   * first request is answered with the first operation (its ids, nothing queued again); the key
   * with another request is refused (422). A refused request leaves the key unused.
   */
  AcceptResult<StudentId> accept(StudentCommand command, IdempotentRequest request);

  /**
   * The state of an operation this service accepted: pending, applied or rejected; empty for an
   * unknown id and for an operation of the courses service (both share one operations bucket).
   */
  Optional<Operation> operation(OperationId id);
}
