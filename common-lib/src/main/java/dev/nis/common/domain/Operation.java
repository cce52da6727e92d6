package dev.nis.common.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of an accepted operation as clients read it.
 *
 * @param enrollments each enrollment (ADD) the applied operation asked for, in the order asked,
 *     with what became of it; empty when it asked for none
 */
public record Operation(
    OperationId id,
    State state,
    String entityId,
    Action action,
    Optional<Rejection> rejection,
    Instant updatedAt,
    List<EnrollmentOutcome> enrollments) {

  public Operation {
    enrollments = List.copyOf(enrollments);
  }

  /** An operation that asked for no enrollment. */
  public Operation(
      OperationId id,
      State state,
      String entityId,
      Action action,
      Optional<Rejection> rejection,
      Instant updatedAt) {
    this(id, state, entityId, action, rejection, updatedAt, List.of());
  }

  public enum State {
    PENDING,
    APPLIED,
    REJECTED;

    public boolean isFinal() {
      return this != PENDING;
    }

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static Operation pending(OperationId id, String entityId, Action action) {
    return new Operation(id, State.PENDING, entityId, action, Optional.empty(), Instant.now());
  }

  public static Operation applied(OperationId id, String entityId, Action action) {
    return new Operation(id, State.APPLIED, entityId, action, Optional.empty(), Instant.now());
  }

  public static Operation rejected(
      OperationId id, String entityId, Action action, Rejection rejection) {
    return new Operation(
        id, State.REJECTED, entityId, action, Optional.of(rejection), Instant.now());
  }

  /** This operation asking for these enrollments (ADDs), none of them decided yet. */
  public Operation withRequestedEnrollments(List<EnrollmentChange> adds) {
    return new Operation(
        id,
        state,
        entityId,
        action,
        rejection,
        updatedAt,
        adds.stream().map(a -> EnrollmentOutcome.pending(a.courseId(), a.studentId())).toList());
  }

  /**
   * This state written over {@code earlier}: verdicts already recorded for a pair stay (a side may
   * record its verdict before the command's outcome is written).
   */
  public Operation keepingVerdictsOf(Operation earlier) {
    List<EnrollmentOutcome> merged = new ArrayList<>(enrollments.size());
    for (EnrollmentOutcome mine : enrollments) {
      merged.add(
          earlier.enrollments().stream()
              .filter(e -> e.concerns(mine.courseId(), mine.studentId()))
              .findFirst()
              .orElse(mine));
    }
    for (EnrollmentOutcome theirs : earlier.enrollments()) {
      if (merged.stream().noneMatch(e -> e.concerns(theirs.courseId(), theirs.studentId()))) {
        merged.add(theirs);
      }
    }
    return new Operation(id, state, entityId, action, rejection, updatedAt, merged);
  }

  /**
   * This operation with {@code side}'s verdict on the pair (added when not asked for yet: the
   * side's verdict may come before the command's outcome lists the pairs).
   */
  public Operation withVerdict(
      String courseId,
      String studentId,
      EnrollmentOutcome.Side side,
      Optional<String> compensation) {
    List<EnrollmentOutcome> updated = new ArrayList<>(enrollments.size() + 1);
    boolean found = false;
    for (EnrollmentOutcome e : enrollments) {
      if (e.concerns(courseId, studentId)) {
        updated.add(e.withVerdict(side, compensation));
        found = true;
      } else {
        updated.add(e);
      }
    }
    if (!found) {
      updated.add(EnrollmentOutcome.pending(courseId, studentId).withVerdict(side, compensation));
    }
    return new Operation(id, state, entityId, action, rejection, updatedAt, updated);
  }

  /** Applied, and every enrollment it asked for is kept or compensated. */
  public boolean settled() {
    return state == State.APPLIED && enrollments.stream().allMatch(e -> e.status().isFinal());
  }
}
