package dev.nis.common.testing;

/**
 * How the shared contracts make one service's commands for a given entity (its id and fields kept).
 * Each service implements it once, beside its fixtures (e.g. {@code
 * CourseFixtures.COURSE_COMMANDS}).
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <C> the service's command type
 */
public interface CommandFixture<E, I, C> {
  /** The command that creates this entity. */
  C create(E entity);

  /** The command that replaces the entity of this one's id with this one's fields. */
  C update(E entity);

  C delete(I id);
}
