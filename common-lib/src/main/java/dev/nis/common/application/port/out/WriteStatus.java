package dev.nis.common.application.port.out;

/** What a sequence-guarded write of an {@link EntityStore} found. */
public enum WriteStatus {
  /** Written now. */
  WRITTEN,
  /** Written by an earlier delivery of this same command (I4). */
  ALREADY_APPLIED,
  /** A later command has written the entity since: this one has nothing left to do. */
  SUPERSEDED,
  /** No live entity with that id. */
  MISSING,
  /** Another live entity already has what must be unique (students: the full name). */
  DUPLICATE
}
