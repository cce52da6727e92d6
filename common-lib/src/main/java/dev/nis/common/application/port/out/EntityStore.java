package dev.nis.common.application.port.out;

import dev.nis.common.domain.PageRequest;
import java.util.List;
import java.util.Optional;

/**
 * Where one service's entities are stored (courses in MongoDB, students in PostgreSQL), with the
 * guard that makes a redelivered command harmless (I4): each entity remembers the stream sequence
 * of the last command applied to it, and a deleted entity leaves a tombstone that keeps it, so a
 * late or repeated command is recognised and changes nothing. Enrollment-log entries are guarded by
 * their order in their pair's partition and by the side's {@link EnrollmentInbox}, not here: one
 * entity's entries come from many partitions, in no common order. Infrastructure failures throw
 * {@link dev.nis.common.application.DependencyUnavailableException}.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side of the relation (the ids the entity holds)
 */
public interface EntityStore<E, I, O> {
  /** The live entity with this id; a tombstone is not one. */
  Optional<E> findById(I id);

  /**
   * The related ids the live entity holds (its half of the relation), without reading its fields;
   * empty when no live entity has the id. For the checks made before a command is queued (the
   * entity exists, it is not full), which must also work on an entity whose stored text the current
   * text rule refuses, so that a {@code PUT} can correct it and a delete remove it.
   */
  Optional<List<O>> findRelated(I id);

  /** Up to {@code page.limit() + 1} live entities in id order after the page's cursor. */
  List<E> findPage(PageRequest page);

  /** The live entities whose related ids hold {@code other}, in id order. */
  List<E> findHolding(O other);

  /** As {@link #insert(Object, List, long)}, requesting no related ids. */
  default WriteStatus insert(E entity, long sequence) {
    return insert(entity, List.of(), sequence);
  }

  /**
   * Inserts a new entity as given (a create's has no related ids: they come through the enrollment
   * log); ALREADY_APPLIED when this sequence inserted it before. {@code requested} are the related
   * ids its create asked for ({@link #relatedOrRequested}), set at {@code sequence}.
   */
  WriteStatus insert(E entity, List<O> requested, long sequence);

  /** As {@link #replace(Object, List, long)}, requesting no related ids. */
  default WriteStatus replace(E entity, long sequence) {
    return replace(entity, List.of(), sequence);
  }

  /**
   * Replaces a live entity's own fields, not its related ids, and makes {@code requested} (the
   * related ids the replace asked for) its requested ids, set at {@code sequence}; MISSING when
   * there is none.
   */
  WriteStatus replace(E entity, List<O> requested, long sequence);

  /**
   * Adds {@code other} to a live entity's requested ids: a single enrollment its own command (at
   * {@code sequence}) asked for, whose add is in the enrollment log. Nothing changes for a command
   * older than the last that set the requested ids (a late redelivery).
   *
   * @return false when there is no live entity
   */
  boolean request(I id, O other, long sequence);

  /**
   * Takes {@code other} out of a live entity's requested ids: an unenrollment its own command (at
   * {@code sequence}) asked for, whose REMOVE in the log comes after any earlier ADD of the pair,
   * so a later replace need not remove it again, and the requested ids do not grow with every
   * enroll. Nothing changes for a command older than the last that set the requested ids: a late
   * redelivery must not withdraw what a later command requested.
   *
   * @return false when there is no live entity
   */
  boolean withdraw(I id, O other, long sequence);

  /**
   * The related ids a live entity holds, then those its own commands requested that it does not
   * hold (empty when there is none): what a replace removes beyond its own list. An add appended by
   * an earlier command of the entity's own may still wait in the enrollment log; removing only the
   * ids held would let it outlive the replace, against "PUT replaces the whole list" (README.md,
   * "The HTTP API"), and both sides would agree on it, so nothing would repair it.
   */
  List<O> relatedOrRequested(I id);

  /** Deletes a live entity, leaving a tombstone; MISSING when there is no live entity. */
  WriteStatus delete(I id, long sequence);

  /**
   * Adds {@code other} unless the entity is missing (MISSING) or already holds {@code cap} ids
   * (FULL), in one atomic step; the cap comes from the service's named capacity.
   */
  EnrollmentStatus add(I id, O other, int cap);

  /** Removes {@code other}; UNCHANGED when the entity is missing or does not hold it. */
  EnrollmentStatus remove(I id, O other);

  /**
   * The related ids a deleted entity had when it was deleted. A tombstone keeps them and the log
   * applier never changes a tombstone, so they are frozen: the REMOVEs a delete appends (again,
   * after a crash) are derived from them without racing the log.
   */
  List<O> relatedOfDeleted(I id);
}
