package dev.nis.common.domain;

/** What a queued operation does to its entity. */
public enum Action {
  CREATE,
  UPDATE,
  DELETE,
  ENROLL,
  UNENROLL;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
