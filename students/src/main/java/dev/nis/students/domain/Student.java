package dev.nis.students.domain;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.StudentId;
import java.util.List;

/** A student as stored and served. */
public record Student(StudentId id, StudentFields fields) {
  public Student {
    if (id == null || fields == null) {
      throw new IllegalArgumentException("a student needs an id and fields");
    }
  }

  public List<CourseId> courseIds() {
    return fields.courseIds();
  }
}
