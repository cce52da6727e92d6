package dev.nis.common.testing;

import java.util.List;

/**
 * How the shared contracts make one service's entities: valid ones with a fresh id, the same entity
 * with other fields, and ids of both sides. Each service implements it once, beside its fixtures
 * (e.g. {@code CourseFixtures.COURSES}).
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public interface EntityFixture<E, I, O> {
  /** A valid entity with a fresh id, this name and these ids of the other side. */
  E named(String name, List<O> related);

  /** A valid entity with a fresh id and a name of its own. */
  E anEntity(List<O> related);

  /** An entity with this id, this name, these ids of the other side and otherwise valid fields. */
  E withId(I id, String name, List<O> related);

  /** The same entity holding these ids of the other side instead of its own. */
  E withRelated(E entity, List<O> related);

  /** The same entity holding no ids of the other side. */
  default E withoutRelated(E entity) {
    return withRelated(entity, List.of());
  }

  I idOf(E entity);

  /** A fresh id no entity has. */
  I newId();

  /** A fresh id of the other side. */
  O anOther();

  /** The entity's ids of the other side. */
  List<O> relatedOf(E entity);

  /** A valid entity with a fresh id and a name of its own, holding these ids of the other side. */
  @SuppressWarnings("unchecked")
  default E holding(O... related) {
    return anEntity(List.of(related));
  }

  /** An entity with this id and name, holding none of the other side. */
  default E withId(I id, String name) {
    return withId(id, name, List.of());
  }
}
