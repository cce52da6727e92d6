package dev.nis.courses.domain;

import dev.nis.common.domain.CourseId;
import dev.nis.common.domain.Rejection;

/** The business rejections of the courses service, worded once. */
public final class CourseRejections {
  private CourseRejections() {}

  public static Rejection notFound(CourseId id) {
    return Rejection.notFound("course " + id + " does not exist");
  }

  /** Why an ADD that found no live course is compensated (the REMOVE's reason). */
  public static String missingReason(CourseId id) {
    return "course " + id + " does not exist";
  }
}
