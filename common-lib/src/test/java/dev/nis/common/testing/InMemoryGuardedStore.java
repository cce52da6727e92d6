package dev.nis.common.testing;

import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.EnrollmentStatus;
import dev.nis.common.application.port.out.EntityStore;
import dev.nis.common.application.port.out.WriteStatus;
import dev.nis.common.domain.PageRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An {@link EntityStore} in memory with the real stores' sequence guard, tombstones and enrollment
 * cap (it passes the same {@code SequenceGuardedStoreContract}). A service sees it as its
 * repository port through {@link PortView}, which turns its statuses into the port's enums by name.
 * A store may refuse an entity that clashes with another live one ({@code DUPLICATE}), and can be
 * made unreachable ({@link #down}).
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public class InMemoryGuardedStore<E, I extends Comparable<I>, O> implements EntityStore<E, I, O> {
  private record Stored<E>(Optional<E> entity, long sequence) {}

  private final ConcurrentSkipListMap<I, Stored<E>> rows = new ConcurrentSkipListMap<>();
  private final Map<I, List<O>> tombstoneRelated = new HashMap<>();
  private final Map<I, List<O>> requested = new ConcurrentHashMap<>();
  private final Map<I, Long> requestedAt = new ConcurrentHashMap<>();
  private final EntityFixture<E, I, O> entities;
  private final Function<String, I> cursorId;
  private final BiPredicate<E, E> clash;

  /** When set, every call throws as if the database were down. */
  public volatile String down;

  /**
   * @param cursorId parses a page cursor's id, failing for one that is not an id
   * @param clash whether a new or replacing entity clashes with another live one
   */
  public InMemoryGuardedStore(
      EntityFixture<E, I, O> entities, Function<String, I> cursorId, BiPredicate<E, E> clash) {
    this.entities = entities;
    this.cursorId = cursorId;
    this.clash = clash;
  }

  private void failIfDown() {
    if (down != null) {
      throw new DependencyUnavailableException(down, "connection refused");
    }
  }

  /** The sequence last applied to this id's row. */
  public long appliedSequence(I id) {
    return rows.get(id).sequence();
  }

  /** Whether this id's row is a tombstone. */
  public boolean isTombstone(I id) {
    return rows.get(id).entity().isEmpty();
  }

  public int rowCount() {
    return rows.size();
  }

  protected Stream<E> live() {
    return rows.values().stream().flatMap(s -> s.entity().stream());
  }

  @Override
  public Optional<E> findById(I id) {
    failIfDown();
    Stored<E> stored = rows.get(id);
    return stored == null ? Optional.empty() : stored.entity();
  }

  @Override
  public Optional<List<O>> findRelated(I id) {
    return findById(id).map(entities::relatedOf);
  }

  @Override
  public List<E> findPage(PageRequest page) {
    failIfDown();
    var tail = page.afterId().map(id -> rows.tailMap(cursorId.apply(id), false)).orElse(rows);
    return tail.values().stream()
        .flatMap(s -> s.entity().stream())
        .limit(page.limit() + 1L)
        .toList();
  }

  @Override
  public List<E> findHolding(O other) {
    failIfDown();
    return live().filter(e -> entities.relatedOf(e).contains(other)).toList();
  }

  @Override
  public synchronized WriteStatus insert(E entity, List<O> requested, long sequence) {
    failIfDown();
    if (rows.containsKey(entities.idOf(entity))) {
      return WriteStatus.ALREADY_APPLIED;
    }
    if (clashes(entity)) {
      return WriteStatus.DUPLICATE;
    }
    rows.put(entities.idOf(entity), new Stored<>(Optional.of(entity), sequence));
    this.requested.put(entities.idOf(entity), List.copyOf(requested));
    requestedAt.put(entities.idOf(entity), sequence);
    return WriteStatus.WRITTEN;
  }

  @Override
  public synchronized WriteStatus replace(E entity, List<O> requested, long sequence) {
    failIfDown();
    WriteStatus status = write(entities.idOf(entity), Optional.of(entity), sequence);
    if (status == WriteStatus.WRITTEN) {
      this.requested.put(entities.idOf(entity), List.copyOf(requested));
      requestedAt.put(entities.idOf(entity), sequence);
    }
    return status;
  }

  @Override
  public synchronized boolean request(I id, O other, long sequence) {
    return changeRequested(id, sequence, ids -> ids.contains(other) || ids.add(other));
  }

  @Override
  public synchronized boolean withdraw(I id, O other, long sequence) {
    return changeRequested(id, sequence, ids -> ids.remove(other));
  }

  private boolean changeRequested(I id, long sequence, Predicate<List<O>> change) {
    failIfDown();
    if (findById(id).isEmpty()) {
      return false;
    }
    if (requestedAt.getOrDefault(id, 0L) < sequence) {
      List<O> ids = new ArrayList<>(requested.getOrDefault(id, List.of()));
      change.test(ids);
      requested.put(id, List.copyOf(ids));
      requestedAt.put(id, sequence);
    }
    return true;
  }

  @Override
  public synchronized List<O> relatedOrRequested(I id) {
    failIfDown();
    Optional<E> entity = findById(id);
    if (entity.isEmpty()) {
      return List.of();
    }
    Set<O> both = new LinkedHashSet<>(entities.relatedOf(entity.get()));
    both.addAll(requested.getOrDefault(id, List.of()));
    return List.copyOf(both);
  }

  @Override
  public synchronized WriteStatus delete(I id, long sequence) {
    failIfDown();
    return write(id, Optional.empty(), sequence);
  }

  private WriteStatus write(I id, Optional<E> next, long sequence) {
    Stored<E> stored = rows.get(id);
    if (stored != null && stored.sequence() == sequence) {
      return WriteStatus.ALREADY_APPLIED;
    }
    if (stored != null && stored.sequence() > sequence) {
      return next.isPresent() && stored.entity().isPresent()
          ? WriteStatus.SUPERSEDED
          : WriteStatus.MISSING;
    }
    if (stored == null || stored.entity().isEmpty()) {
      return WriteStatus.MISSING;
    }
    if (next.isPresent() && clashes(next.get())) {
      return WriteStatus.DUPLICATE;
    }
    List<O> related = entities.relatedOf(stored.entity().get());
    if (next.isEmpty()) {
      tombstoneRelated.put(id, related);
      requested.remove(id);
    }
    rows.put(id, new Stored<>(next.map(n -> entities.withRelated(n, related)), sequence));
    return WriteStatus.WRITTEN;
  }

  private boolean clashes(E entity) {
    return live()
        .anyMatch(e -> !entities.idOf(e).equals(entities.idOf(entity)) && clash.test(e, entity));
  }

  @Override
  public synchronized EnrollmentStatus add(I id, O other, int cap) {
    failIfDown();
    Optional<E> entity = findById(id);
    if (entity.isEmpty()) {
      return EnrollmentStatus.MISSING;
    }
    List<O> related = entities.relatedOf(entity.get());
    if (related.contains(other)) {
      return EnrollmentStatus.UNCHANGED;
    }
    if (related.size() >= cap) {
      return EnrollmentStatus.FULL;
    }
    List<O> more = new ArrayList<>(related);
    more.add(other);
    return enrol(entity.get(), more);
  }

  @Override
  public synchronized EnrollmentStatus remove(I id, O other) {
    failIfDown();
    Optional<E> entity = findById(id);
    if (entity.isEmpty() || !entities.relatedOf(entity.get()).contains(other)) {
      return EnrollmentStatus.UNCHANGED;
    }
    List<O> fewer = new ArrayList<>(entities.relatedOf(entity.get()));
    fewer.remove(other);
    return enrol(entity.get(), fewer);
  }

  private EnrollmentStatus enrol(E entity, List<O> related) {
    I id = entities.idOf(entity);
    rows.put(
        id,
        new Stored<>(Optional.of(entities.withRelated(entity, related)), rows.get(id).sequence()));
    return EnrollmentStatus.CHANGED;
  }

  @Override
  public synchronized List<O> relatedOfDeleted(I id) {
    failIfDown();
    return tombstoneRelated.getOrDefault(id, List.of());
  }
}
