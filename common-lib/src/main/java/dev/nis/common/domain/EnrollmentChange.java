package dev.nis.common.domain;

/**
 * One entry of the ordered enrollment log: the student joins or leaves the course. Both services
 * apply the log in order; a side that cannot honour an ADD (entity missing, cap reached) appends
 * the compensating REMOVE, so both sides end the same.
 *
 * @param operationId the operation that caused it; empty for a compensation
 * @param reason why a compensation was appended; empty otherwise
 * @param compensatedOperationId for a compensation, the operation whose ADD it undoes; empty
 *     otherwise (and when that ADD had none)
 */
public record EnrollmentChange(
    Kind kind,
    String courseId,
    String studentId,
    String operationId,
    String reason,
    String compensatedOperationId) {
  public enum Kind {
    ADD,
    REMOVE;

    /** {@code add} or {@code remove}, as operations and events name it. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public EnrollmentChange {
    if (kind == null || courseId == null || studentId == null) {
      throw new IllegalArgumentException(
          "an enrollment change needs a kind, a course and a student");
    }
    operationId = operationId == null ? "" : operationId;
    reason = reason == null ? "" : reason;
    compensatedOperationId = compensatedOperationId == null ? "" : compensatedOperationId;
  }

  public EnrollmentChange(
      Kind kind, String courseId, String studentId, String operationId, String reason) {
    this(kind, courseId, studentId, operationId, reason, "");
  }

  public static EnrollmentChange add(String courseId, String studentId, String operationId) {
    return new EnrollmentChange(Kind.ADD, courseId, studentId, operationId, "");
  }

  public static EnrollmentChange remove(String courseId, String studentId, String operationId) {
    return new EnrollmentChange(Kind.REMOVE, courseId, studentId, operationId, "");
  }

  /** The REMOVE that undoes this change on both sides, for the given reason. */
  public EnrollmentChange compensation(String why) {
    return new EnrollmentChange(Kind.REMOVE, courseId, studentId, "", why, operationId);
  }
}
