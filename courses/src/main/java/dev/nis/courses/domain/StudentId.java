package dev.nis.courses.domain;

import dev.nis.common.domain.ValidationException;
import java.util.UUID;

/** A student id as the courses side holds it: a UUID owned by the students service. */
public record StudentId(UUID value) {
  public StudentId {
    if (value == null) {
      throw new ValidationException("student_id", "is required");
    }
  }

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
  public String toString() {
    return value.toString();
  }
}
