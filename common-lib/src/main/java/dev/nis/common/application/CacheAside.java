package dev.nis.common.application;

import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cache-aside reads over a {@link ReadCache}: a hit is served; a miss loads from the store and
 * fills with the look-up's token (so a slow reader cannot write back a value older than an
 * invalidation); an unavailable cache loads and fills nothing (I6: Redis down, reads from the
 * database). Each service's caching decorator of its queries port calls these.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public final class CacheAside<E, I, O> {
  private final ReadCache<E, I, O> cache;

  public CacheAside(ReadCache<E, I, O> cache) {
    this.cache = cache;
  }

  /** One entity by id; a missing entity is not cached. */
  public Optional<E> byId(I id, Function<I, Optional<E>> load) {
    CacheRead<E> read = cache.get(id);
    if (read.value().isPresent()) {
      return read.value();
    }
    Optional<E> value = load.apply(id);
    value.ifPresent(v -> read.fillToken().ifPresent(token -> cache.put(id, v, token)));
    return value;
  }

  public Page<E> page(PageRequest page, Function<PageRequest, Page<E>> load) {
    return readThrough(
        cache.getPage(page),
        () -> load.apply(page),
        (value, token) -> cache.putPage(page, value, token));
  }

  /** The entities related to one of the other side (e.g. the courses of a student). */
  public List<E> related(O other, Function<O, List<E>> load) {
    return readThrough(
        cache.getRelated(other),
        () -> load.apply(other),
        (value, token) -> cache.putRelated(other, value, token));
  }

  private static <T> T readThrough(
      CacheRead<T> read, Supplier<T> load, BiConsumer<T, String> fill) {
    if (read.value().isPresent()) {
      return read.value().get();
    }
    T value = load.get();
    read.fillToken().ifPresent(token -> fill.accept(value, token));
    return value;
  }
}
