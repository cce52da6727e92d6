package dev.nis.students.domain;

import dev.nis.common.domain.Rejection;
import dev.nis.common.domain.StudentId;

/** The business rejections of the students service, worded once. */
public final class StudentRejections {
  private StudentRejections() {}

  public static Rejection notFound(StudentId id) {
    return Rejection.notFound("student " + id + " does not exist");
  }

  /** (name, first_name, last_name) is unique among live students (the original's rule). */
  public static Rejection duplicateName(StudentFields fields) {
    return Rejection.conflict("a student named " + fields.fullName() + " already exists");
  }

  /** Why an ADD that found no live student is compensated (the REMOVE's reason). */
  public static String missingReason(StudentId id) {
    return "student " + id + " does not exist";
  }
}
