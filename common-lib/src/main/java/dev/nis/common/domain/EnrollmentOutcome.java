package dev.nis.common.domain;

import java.util.Locale;

/**
 * What became of one enrollment (ADD) an operation asked for. Both services apply the enrollment
 * log and either may refuse the ADD (its entity missing, its cap reached) by appending the
 * compensating REMOVE (ARCHITECTURE.md, I2), so the enrollment is {@link Status#KEPT} only once
 * both sides kept it, and {@link Status#COMPENSATED} as soon as one side compensated it.
 *
 * @param courseId the course of the pair
 * @param studentId the student of the pair
 * @param courses the courses side's verdict
 * @param students the students side's verdict
 * @param reason why it was compensated (the first side's reason); empty otherwise
 */
public record EnrollmentOutcome(
    String courseId, String studentId, Verdict courses, Verdict students, String reason) {

  /** One side's verdict on the ADD. */
  public enum Verdict {
    /** The side has not applied the ADD yet. */
    PENDING,
    /** The side holds the pair. */
    KEPT,
    /** The side could not honour the ADD and appended the compensating REMOVE. */
    COMPENSATED
  }

  /** The enrollment's state as clients read it ({@code pending|kept|compensated}). */
  public enum Status {
    PENDING,
    KEPT,
    COMPENSATED;

    public boolean isFinal() {
      return this != PENDING;
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The service that applies its half of the relation. */
  public enum Side {
    COURSES,
    STUDENTS;

    /**
     * @param service {@code courses} or {@code students}
     */
    public static Side of(String service) {
      return valueOf(service.toUpperCase(Locale.ROOT));
    }
  }

  public EnrollmentOutcome {
    if (courseId == null || studentId == null || courses == null || students == null) {
      throw new IllegalArgumentException("an enrollment outcome needs a pair and both verdicts");
    }
    reason = reason == null ? "" : reason;
  }

  /** An ADD no side has applied yet. */
  public static EnrollmentOutcome pending(String courseId, String studentId) {
    return new EnrollmentOutcome(courseId, studentId, Verdict.PENDING, Verdict.PENDING, "");
  }

  public Status status() {
    if (courses == Verdict.COMPENSATED || students == Verdict.COMPENSATED) {
      return Status.COMPENSATED;
    }
    return courses == Verdict.KEPT && students == Verdict.KEPT ? Status.KEPT : Status.PENDING;
  }

  public boolean concerns(String course, String student) {
    return courseId.equals(course) && studentId.equals(student);
  }

  /**
   * This outcome with {@code side}'s verdict: kept, or compensated for {@code compensation}. The
   * first reason stays (the one that decided the state).
   */
  public EnrollmentOutcome withVerdict(Side side, java.util.Optional<String> compensation) {
    Verdict verdict = compensation.isPresent() ? Verdict.COMPENSATED : Verdict.KEPT;
    String why = reason.isEmpty() ? compensation.orElse("") : reason;
    return side == Side.COURSES
        ? new EnrollmentOutcome(courseId, studentId, verdict, students, why)
        : new EnrollmentOutcome(courseId, studentId, courses, verdict, why);
  }
}
