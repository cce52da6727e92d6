package dev.nis.common.domain;

import java.util.List;
import java.util.Set;

/**
 * The outcome of applying one command or one enrollment-log entry: a value, not an exception.
 *
 * @param <I> the id type of the entity the command changed
 * @param <O> the id type of the other side of the relation
 */
public sealed interface ApplyResult<I, O> {
  /**
   * The change is in the store (now or by an earlier delivery).
   *
   * @param entityId the entity whose cached views may be stale
   * @param touched the other side's entities whose "related" view may have changed (e.g. the
   *     students whose "courses of student" list a course change affects)
   * @param appended the enrollment log entries this apply appended (a command's ADDs and REMOVEs,
   *     or the compensation of an entry this side could not honour)
   */
  record Applied<I, O>(I entityId, Set<O> touched, List<EnrollmentChange> appended)
      implements ApplyResult<I, O> {
    public Applied {
      touched = Set.copyOf(touched);
      appended = List.copyOf(appended);
    }

    /** A change that appended nothing to the enrollment log. */
    public Applied(I entityId, Set<O> touched) {
      this(entityId, touched, List.of());
    }
  }

  /** The command could not be applied, for a reason a client should see. */
  record Rejected<I, O>(Rejection rejection) implements ApplyResult<I, O> {}
}
