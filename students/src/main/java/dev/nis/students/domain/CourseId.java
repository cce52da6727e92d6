package dev.nis.students.domain;

import dev.nis.common.domain.ValidationException;
import java.util.Locale;

/** A course id as the students side holds it: a MongoDB ObjectId owned by the courses service. */
public record CourseId(String value) implements Comparable<CourseId> {
  public CourseId {
    if (value == null || !value.matches("[0-9a-f]{24}")) {
      throw new ValidationException("course_id", "must be a course id (24 hex digits)");
    }
  }

  /** Parses a client's id, naming {@code field} when it is malformed; upper case is normalised. */
  public static CourseId parse(String field, String text) {
    String normalised = text == null ? "" : text.toLowerCase(Locale.ROOT);
    if (!normalised.matches("[0-9a-f]{24}")) {
      throw new ValidationException(field, "must be a course id (24 hex digits)");
    }
    return new CourseId(normalised);
  }

  @Override
  public int compareTo(CourseId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
