package dev.nis.courses.application.port.out;

import dev.nis.common.domain.Page;
import dev.nis.common.domain.StudentId;
import dev.nis.courses.domain.EnrolledStudent;
import java.util.List;
import java.util.Optional;

/**
 * The students' half of the enrollment relation as the students service stores it (over gRPC),
 * never from its cache, which a change written outside the log would leave stale: what the
 * reconciliation compares with the courses' half. Throws {@link
 * dev.nis.common.application.DependencyUnavailableException} when the peer cannot answer in time.
 */
public interface StoredStudents {
  /**
   * Up to 1000 live students in id order after {@code cursor} (empty: from the first), with the
   * cursor of the next page (empty on the last).
   */
  Page<EnrolledStudent> page(Optional<String> cursor);

  /** The live students among {@code ids} (at most 1000); a missing or deleted one is left out. */
  List<EnrolledStudent> of(List<StudentId> ids);
}
