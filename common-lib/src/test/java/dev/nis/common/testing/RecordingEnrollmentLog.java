package dev.nis.common.testing;

import dev.nis.common.application.port.out.EnrollmentLog;
import dev.nis.common.domain.EnrollmentChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An {@link EnrollmentLog} in memory that drops re-appended entries, as JetStream does. */
public final class RecordingEnrollmentLog implements EnrollmentLog {
  /** Where the entries are applied, as a service's log consumer would. */
  public interface Applier {
    void apply(EnrollmentChange change, long logSequence, String entryId);
  }

  public final List<EnrollmentChange> entries = new ArrayList<>();
  private final List<String> entryIds = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private int applied;

  @Override
  public synchronized void append(String dedupKey, List<EnrollmentChange> changes) {
    for (EnrollmentChange change : changes) {
      String entryId = dedupKey + change;
      if (seen.add(entryId)) {
        entries.add(change);
        entryIds.add(entryId);
      }
    }
  }

  /**
   * Appends when {@code position} is the number of entries so far (the whole log stands for one
   * partition here), as JetStream's expected-last-sequence check would.
   */
  @Override
  public synchronized boolean appendIfPartitionAt(
      long position, String dedupKey, EnrollmentChange change) {
    if (position != entries.size()) {
      return false;
    }
    append(dedupKey, List.of(change));
    return true;
  }

  /** Applies every entry not applied yet, in order, including the ones applying appends. */
  public void drainInto(Applier applier) {
    while (applied < entries.size()) {
      applied++;
      applier.apply(entries.get(applied - 1), applied, entryIds.get(applied - 1));
    }
  }
}
