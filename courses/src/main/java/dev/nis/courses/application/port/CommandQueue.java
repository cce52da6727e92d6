package dev.nis.courses.application.port;

import dev.nis.courses.domain.CourseCommand;

/** Where accepted course commands are queued (JetStream), deduplicated by operation id. */
public interface CommandQueue {
  /**
   * Returns once the queue has stored the command; throws {@link
   * dev.nis.common.application.DependencyUnavailableException} otherwise.
   */
  void enqueue(CourseCommand command);
}
