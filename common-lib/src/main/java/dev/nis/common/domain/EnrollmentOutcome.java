package dev.nis.common.domain;

import java.util.Locale;

/**
 * What became of one enrollment change (ADD or REMOVE) an operation asked for. Both services apply
 * the enrollment log and either may refuse an ADD (its entity missing, its cap reached) by
 * appending the compensating REMOVE (ARCHITECTURE.md, I2), so an ADD is {@link Status#KEPT} only
 * once both sides kept it, and {@link Status#COMPENSATED} as soon as one side compensated it. A
 * REMOVE cannot be refused: it is {@link Status#REMOVED} once both sides applied it, when neither
 * side's reads show the pair any more (I3 for an unenroll).
 *
 * @param courseId the course of the pair
 * @param studentId the student of the pair
 * @param courses the courses side's verdict
 * @param students the students side's verdict
 * @param reason why it was compensated (the first side's reason); empty otherwise
 * @param kind whether the operation asked for the pair to be added or removed
 */
public record EnrollmentOutcome(
    String courseId,
    String studentId,
    Verdict courses,
    Verdict students,
    String reason,
    EnrollmentChange.Kind kind) {

  /** One side's verdict on the change. */
  public enum Verdict {
    /** The side has not applied the change yet. */
    PENDING,
    /** The side applied the change: it holds the pair after an ADD, not after a REMOVE. */
    KEPT,
    /** The side could not honour the ADD and appended the compensating REMOVE. */
    COMPENSATED
  }

  /** The change's state as clients read it ({@code pending|kept|compensated|removed}). */
  public enum Status {
    PENDING,
    KEPT,
    COMPENSATED,
    REMOVED;

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
    kind = kind == null ? EnrollmentChange.Kind.ADD : kind;
  }

  /** The outcome of an ADD. */
  public EnrollmentOutcome(
      String courseId, String studentId, Verdict courses, Verdict students, String reason) {
    this(courseId, studentId, courses, students, reason, EnrollmentChange.Kind.ADD);
  }

  /** An ADD no side has applied yet. */
  public static EnrollmentOutcome pending(String courseId, String studentId) {
    return pending(courseId, studentId, EnrollmentChange.Kind.ADD);
  }

  /** A change of this kind no side has applied yet. */
  public static EnrollmentOutcome pending(
      String courseId, String studentId, EnrollmentChange.Kind kind) {
    return new EnrollmentOutcome(courseId, studentId, Verdict.PENDING, Verdict.PENDING, "", kind);
  }

  public Status status() {
    if (courses == Verdict.COMPENSATED || students == Verdict.COMPENSATED) {
      return Status.COMPENSATED;
    }
    if (courses != Verdict.KEPT || students != Verdict.KEPT) {
      return Status.PENDING;
    }
    return kind == EnrollmentChange.Kind.REMOVE ? Status.REMOVED : Status.KEPT;
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
        ? new EnrollmentOutcome(courseId, studentId, verdict, students, why, kind)
        : new EnrollmentOutcome(courseId, studentId, courses, verdict, why, kind);
  }
}
