package dev.nis.common.application.port.out;

import dev.nis.common.domain.EnrollmentChange;
import java.util.List;

/** The ordered enrollment log both services consume. Out-port shared by both services. */
public interface EnrollmentLog {
  /**
   * Appends the changes in order. {@code dedupKey} names this batch: appending the same batch again
   * (a redelivered command) is dropped by the log, entry by entry, within its duplicate window.
   */
  void append(String dedupKey, List<EnrollmentChange> changes);
}
