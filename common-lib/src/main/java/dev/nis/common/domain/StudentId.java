package dev.nis.common.domain;

import java.util.UUID;

/**
 * A student id: a UUID chosen by the students service when a create is accepted. Ordered as its
 * text (lower-case hex), which is also PostgreSQL's order of {@code uuid} values, so that pages
 * walk in the same order everywhere.
 */
public record StudentId(UUID value) implements Comparable<StudentId> {
  public StudentId {
    if (value == null) {
      throw new ValidationException("id", "is required");
    }
  }

  public static StudentId next() {
    return new StudentId(UUID.randomUUID());
  }

  /** Parses a client's id for the field {@code id}; upper-case hex is accepted. */
  public static StudentId parse(String text) {
    return parse("id", text);
  }

  /** Parses a client's id, naming {@code field} when it is not a UUID. */
  public static StudentId parse(String field, String text) {
    try {
      UUID uuid = UUID.fromString(text);
      if (uuid.toString().equalsIgnoreCase(text)) {
        return new StudentId(uuid);
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // reported below
    }
    throw new ValidationException(field, "must be a student id (UUID)");
  }

  @Override
  public int compareTo(StudentId other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
