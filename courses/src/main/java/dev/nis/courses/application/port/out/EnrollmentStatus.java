package dev.nis.courses.application.port.out;

/** What applying one enrollment-log entry to a course found. */
public enum EnrollmentStatus {
  /** The course's students changed. */
  CHANGED,
  /** Nothing to do: already so, or this log entry was applied before. */
  UNCHANGED,
  /** No live course with that id: the ADD must be compensated. */
  COURSE_MISSING,
  /** The course holds its maximum of students: the ADD must be compensated. */
  COURSE_FULL
}
