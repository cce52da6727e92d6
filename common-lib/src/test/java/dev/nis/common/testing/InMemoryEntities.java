package dev.nis.common.testing;

import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One service's entities in memory, read the way its queries port reads them: by id, in pages
 * ordered by id text, and by an id of the other side they hold (the courses of a student, the
 * students of a course). {@link #failWith} makes every read throw, like a store that is down or a
 * bug. The per-service fakes of the queries ports delegate to it.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public final class InMemoryEntities<E, I extends Comparable<I>, O> {
  private final Map<I, E> entities = new ConcurrentSkipListMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final Function<E, I> idOf;
  private final Function<E, ? extends Collection<O>> relatedOf;
  private volatile RuntimeException failure;

  /** The last page asked for, to check the default limit. */
  public volatile PageRequest lastPageRequest;

  public InMemoryEntities(Function<E, I> idOf, Function<E, ? extends Collection<O>> relatedOf) {
    this.idOf = idOf;
    this.relatedOf = relatedOf;
  }

  public E add(E entity) {
    entities.put(idOf.apply(entity), entity);
    return entity;
  }

  @SafeVarargs
  public final InMemoryEntities<E, I, O> with(E... added) {
    for (E entity : added) {
      add(entity);
    }
    return this;
  }

  public void remove(I id) {
    entities.remove(id);
  }

  public boolean contains(I id) {
    return entities.containsKey(id);
  }

  public Collection<E> all() {
    return entities.values();
  }

  /** Every read from now on throws this. */
  public void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  public Optional<E> get(I id) {
    failIfAsked();
    reads.incrementAndGet();
    return Optional.ofNullable(entities.get(id));
  }

  /** How many entities were read by id ({@link #get}) so far. */
  public int readsById() {
    return reads.get();
  }

  public Page<E> page(PageRequest page) {
    failIfAsked();
    lastPageRequest = page;
    List<E> itemsPlusOne =
        entities.values().stream()
            .filter(e -> page.afterId().map(after -> text(e).compareTo(after) > 0).orElse(true))
            .limit(page.limit() + 1L)
            .toList();
    return Page.fromLookahead(itemsPlusOne, page.limit(), this::text);
  }

  /** The entities that hold this id of the other side. */
  public List<E> holding(O other) {
    failIfAsked();
    return entities.values().stream().filter(e -> relatedOf.apply(e).contains(other)).toList();
  }

  private String text(E entity) {
    return idOf.apply(entity).toString();
  }

  private void failIfAsked() {
    if (failure != null) {
      throw failure;
    }
  }
}
