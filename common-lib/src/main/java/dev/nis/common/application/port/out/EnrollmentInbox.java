package dev.nis.common.application.port.out;

import java.time.Instant;

/**
 * The enrollment-log entries one side has applied, by entry id (the idempotent consumer's record):
 * an entry appended again after the queue's duplicate window (a command redelivered late derives
 * its entries again) arrives with a new sequence but the same id, and is recognised here however
 * late it comes (I4). Ids are kept longer than any message can stay in the streams (their maximum
 * age), then pruned. Infrastructure failures throw {@link
 * dev.nis.common.application.DependencyUnavailableException}.
 */
public interface EnrollmentInbox {
  /** Whether the entry with this id was applied on this side. */
  boolean contains(String entryId);

  /** Records the entry as applied; recording it again changes nothing. */
  void add(String entryId);

  /** Forgets entries recorded before {@code before}; returns how many. */
  long prune(Instant before);
}
