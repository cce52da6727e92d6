package dev.nis.common.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of an accepted operation as clients read it.
 *
 * @param enrollments each enrollment change (ADD or REMOVE) the applied operation asked for, in the
 *     order asked, with what became of it; empty when it asked for none
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

  /**
   * Whether this operation follows what becomes of its enrollment changes of this kind: every ADD
   * (a create's or {@code PUT}'s list, an enroll), and the REMOVE of an unenroll, which is the
   * whole of that operation. The REMOVEs a {@code PUT} or a delete appends for the pairs it drops
   * are not followed: the operation is about the entity, whose own reads change when it is applied.
   */
  public boolean follows(EnrollmentChange.Kind kind) {
    return kind == EnrollmentChange.Kind.ADD || action == Action.UNENROLL;
  }

  /**
   * This operation asking for these enrollment changes, none of them decided yet; those it does not
   * {@link #follows follow} are left out.
   */
  public Operation withRequestedEnrollments(List<EnrollmentChange> changes) {
    return new Operation(
        id,
        state,
        entityId,
        action,
        rejection,
        updatedAt,
        changes.stream()
            .filter(c -> follows(c.kind()))
            .map(c -> EnrollmentOutcome.pending(c.courseId(), c.studentId(), c.kind()))
            .toList());
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
    return withVerdict(EnrollmentChange.Kind.ADD, courseId, studentId, side, compensation);
  }

  /**
   * As above, for a change of this kind; this operation as it is when it does not {@link #follows
   * follow} such changes.
   */
  public Operation withVerdict(
      EnrollmentChange.Kind kind,
      String courseId,
      String studentId,
      EnrollmentOutcome.Side side,
      Optional<String> compensation) {
    if (!follows(kind)) {
      return this;
    }
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
      updated.add(
          EnrollmentOutcome.pending(courseId, studentId, kind).withVerdict(side, compensation));
    }
    return new Operation(id, state, entityId, action, rejection, updatedAt, updated);
  }

  /** Applied, and every enrollment change it asked for is decided (kept, compensated, removed). */
  public boolean settled() {
    return state == State.APPLIED && enrollments.stream().allMatch(e -> e.status().isFinal());
  }
}
