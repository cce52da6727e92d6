package dev.nis.common.application.port.out;

/** What applying one enrollment-log entry to an entity of an {@link EntityStore} found. */
public enum EnrollmentStatus {
  /** The entity's related ids changed. */
  CHANGED,
  /** Nothing to do: already so, or this log entry was applied before (I4). */
  UNCHANGED,
  /** No live entity with that id: the ADD must be compensated (I2). */
  MISSING,
  /** The entity holds its cap: the ADD must be compensated (I2). */
  FULL
}
