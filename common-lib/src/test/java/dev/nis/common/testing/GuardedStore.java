package dev.nis.common.testing;

import dev.nis.common.domain.PageRequest;
import java.util.List;
import java.util.Optional;

/**
 * A service's store port as the shared store scenarios see it: writes guarded by the command's
 * stream sequence, tombstones, and the enrollment log's add and remove under a cap. Statuses are
 * the service's own enums, compared by name ({@code WRITTEN}, {@code CHANGED}, ...). Each service
 * views its repository through it in one small adapter.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public interface GuardedStore<E, I, O> {
  Optional<E> findById(I id);

  /** Up to {@code page.limit() + 1} entities in id order after the page's cursor. */
  List<E> findPage(PageRequest page);

  /** The live entities that hold this id of the other side. */
  List<E> findHolding(O other);

  Enum<?> insert(E entity, long sequence);

  Enum<?> replace(E entity, long sequence);

  Enum<?> delete(I id, long sequence);

  Enum<?> add(I id, O other, long logSequence, int cap);

  Enum<?> remove(I id, O other, long logSequence);

  /** The ids of the other side a deleted entity held, frozen in its tombstone. */
  List<O> relatedOfDeleted(I id);
}
