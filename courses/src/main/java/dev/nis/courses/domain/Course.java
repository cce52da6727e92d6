package dev.nis.courses.domain;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import java.util.List;

/** A course as stored and served. */
public record Course(CourseId id, CourseFields fields) {
  public Course {
    if (id == null || fields == null) {
      throw new IllegalArgumentException("a course needs an id and fields");
    }
  }

  public List<StudentId> studentIds() {
    return fields.studentIds();
  }
}
