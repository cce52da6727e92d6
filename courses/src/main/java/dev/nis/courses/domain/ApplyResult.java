package dev.nis.courses.domain;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import java.util.Set;

/** The outcome of applying one command: a value, not an exception. */
public sealed interface ApplyResult {
  /**
   * The command is in the database (now or by an earlier delivery).
   *
   * @param touchedStudents students whose "courses of student" view may have changed
   */
  record Applied(CourseId courseId, Set<StudentId> touchedStudents) implements ApplyResult {
    public Applied {
      touchedStudents = Set.copyOf(touchedStudents);
    }
  }

  /** The command could not be applied, for a reason a client should see. */
  record Rejected(Rejection rejection) implements ApplyResult {}
}
