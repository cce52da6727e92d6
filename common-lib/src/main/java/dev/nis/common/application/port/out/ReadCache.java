package dev.nis.common.application.port.out;

import dev.nis.common.application.CacheRead;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import java.util.List;
import java.util.Set;

/**
 * The read cache of one service's entities: by id, list pages, and the entities related to one
 * entity of the other side (the courses of a student, the students of a course).
 *
 * <p>Reads and fills never throw: a cache failure is a miss, and a fill presents the token of its
 * look-up so that one racing with an invalidation is dropped (the fill race of README.md, "Cache").
 * {@link #invalidate} throws {@link dev.nis.common.application.DependencyUnavailableException} when
 * it cannot make sure stale entries are gone, so that a change is not reported applied before that
 * (I3).
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public interface ReadCache<E, I, O> {
  CacheRead<E> get(I id);

  void put(I id, E value, String fillToken);

  CacheRead<Page<E>> getPage(PageRequest page);

  void putPage(PageRequest request, Page<E> page, String fillToken);

  CacheRead<List<E>> getRelated(O other);

  void putRelated(O other, List<E> values, String fillToken);

  /** Drops every entry a change of this entity may have made stale. */
  void invalidate(I id, Set<O> touched);
}
