package dev.nis.courses.application;

import dev.nis.common.application.EnrollmentLog;
import dev.nis.common.domain.EnrollmentChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An {@link EnrollmentLog} in memory that drops re-appended entries, as JetStream does. */
final class RecordingEnrollmentLog implements EnrollmentLog {
  final List<EnrollmentChange> entries = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  @Override
  public synchronized void append(String dedupKey, List<EnrollmentChange> changes) {
    for (EnrollmentChange change : changes) {
      if (seen.add(dedupKey + change)) {
        entries.add(change);
      }
    }
  }

  /** Applies every entry not applied yet to the service, in order, as the log consumer would. */
  void drainInto(CourseService service) {
    for (int i = applied; i < entries.size(); i++) {
      service.applyEnrollment(entries.get(i), i + 1);
      applied = i + 1;
    }
  }

  private int applied;
}
