package dev.nis.students.domain;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;
import java.util.Set;

/** The outcome of applying one command: a value, not an exception. */
public sealed interface ApplyResult {
  /**
   * The command is in the database (now or by an earlier delivery).
   *
   * @param touchedCourses courses whose "students of course" view may have changed
   */
  record Applied(StudentId studentId, Set<CourseId> touchedCourses) implements ApplyResult {
    public Applied {
      touchedCourses = Set.copyOf(touchedCourses);
    }
  }

  /** The command could not be applied, for a reason a client should see. */
  record Rejected(Rejection rejection) implements ApplyResult {}
}
