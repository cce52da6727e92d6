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

  /**
   * Appends one change only if the last entry of its pair's partition is still the one at {@code
   * position} (0: the partition has none): a compare-and-append, so that a change decided from the
   * state at that position (a reconciliation's repair) never lands after an entry it did not see.
   *
   * @return false when the partition moved on (nothing appended)
   */
  boolean appendIfPartitionAt(long position, String dedupKey, EnrollmentChange change);
}
