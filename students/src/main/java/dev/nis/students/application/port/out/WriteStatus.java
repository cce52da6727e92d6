package dev.nis.students.application.port.out;

/**
 * What a guarded write found: done now, done by an earlier delivery, no such student, or another
 * live student already has the full name it would write.
 */
public enum WriteStatus {
  WRITTEN,
  ALREADY_APPLIED,
  /** A later command has written the student since: this one has nothing left to do. */
  SUPERSEDED,
  MISSING,
  DUPLICATE
}
