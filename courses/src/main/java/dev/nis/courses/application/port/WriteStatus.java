package dev.nis.courses.application.port;

/** What a guarded write found: done now, done by an earlier delivery, or no such course. */
public enum WriteStatus {
  WRITTEN,
  ALREADY_APPLIED,
  MISSING
}
