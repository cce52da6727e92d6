package dev.nis.courses.application.port.out;

/** What a guarded write found. */
public enum WriteStatus {
  /** Written now. */
  WRITTEN,
  /** Written by an earlier delivery of this same command. */
  ALREADY_APPLIED,
  /** A later command has written the course since: this one has nothing left to do. */
  SUPERSEDED,
  /** No live course with that id. */
  MISSING
}
