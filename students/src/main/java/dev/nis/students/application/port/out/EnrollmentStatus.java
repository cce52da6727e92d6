package dev.nis.students.application.port.out;

/** What applying one enrollment-log entry to a student found. */
public enum EnrollmentStatus {
  /** The student's courses changed. */
  CHANGED,
  /** Nothing to do: already so, or this log entry was applied before. */
  UNCHANGED,
  /** No live student with that id: the ADD must be compensated. */
  STUDENT_MISSING,
  /** The student holds the maximum of courses: the ADD must be compensated. */
  STUDENT_FULL
}
