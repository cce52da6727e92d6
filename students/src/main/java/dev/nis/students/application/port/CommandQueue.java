package dev.nis.students.application.port;

import dev.nis.students.domain.StudentCommand;

/** Where accepted student commands are queued (JetStream), deduplicated by operation id. */
public interface CommandQueue {
  /**
   * Returns once the queue has stored the command; throws {@link
   * dev.nis.common.application.DependencyUnavailableException} otherwise.
   */
  void enqueue(StudentCommand command);
}
