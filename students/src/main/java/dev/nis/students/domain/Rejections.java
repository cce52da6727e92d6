package dev.nis.students.domain;

import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;

/** The business rejections of the students service, worded once. */
public final class Rejections {
  private Rejections() {}

  public static Rejection notFound(StudentId id) {
    return Rejection.notFound("student " + id + " does not exist");
  }

  public static Rejection duplicateName(StudentFields fields) {
    return Rejection.conflict("a student named " + fields.fullName() + " already exists");
  }
}
