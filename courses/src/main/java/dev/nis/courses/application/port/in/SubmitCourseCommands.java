package dev.nis.courses.application.port.in;

import dev.nis.common.domain.AcceptResult;
import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.IdempotentRequest;
import dev.nis.common.domain.Operation;
import dev.nis.common.domain.OperationId;
import dev.nis.courses.domain.CourseCommand;
import java.util.Optional;

/** Command submission, called by the HTTP adapter: queue a mutation, then follow its operation. */
public interface SubmitCourseCommands {
  /**
   * Checks what can be checked now (the course exists for updates and deletes; it is not visibly
   * full for an enrollment) and queues the command. Nothing is recorded or queued when it is
   * refused (I5).
   */
  AcceptResult<CourseId> accept(CourseCommand command);

  /**
   * As {@link #accept(CourseCommand)}, at most once per Idempotency-Key: a repeat of the key's
   * first request is answered with the first operation (its ids, nothing queued again); the key
   * with another request is refused (422). A refused request leaves the key unused.
   */
  AcceptResult<CourseId> accept(CourseCommand command, IdempotentRequest request);

  /**
   * The state of an operation this service accepted: pending, applied or rejected; empty for an
   * unknown id and for an operation of the students service (both share one operations bucket).
   */
  Optional<Operation> operation(OperationId id);
}
