package dev.nis.common.testing;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ReadCache} in memory with one generation for the whole cache: an invalidation retires
 * every entry and every outstanding fill token. {@link #down} makes it behave like Redis down
 * (reads unavailable, fills dropped, invalidation throws).
 */
public final class InMemoryReadCache<E, I, O> implements ReadCache<E, I, O> {
  public final Map<String, Object> values = new ConcurrentHashMap<>();
  public final AtomicLong generation = new AtomicLong();
  public volatile boolean down;

  private <T> CacheRead<T> lookUp(String key) {
    if (down) {
      return CacheRead.unavailable();
    }
    @SuppressWarnings("unchecked")
    T value = (T) values.get(key);
    return value != null ? CacheRead.hit(value) : CacheRead.miss(Long.toString(generation.get()));
  }

  private synchronized void fill(String key, Object value, String token) {
    if (!down && Long.toString(generation.get()).equals(token)) {
      values.put(key, value);
    }
  }

  @Override
  public CacheRead<E> get(I id) {
    return lookUp("entity:" + id);
  }

  @Override
  public void put(I id, E value, String fillToken) {
    fill("entity:" + id, value, fillToken);
  }

  @Override
  public CacheRead<Page<E>> getPage(PageRequest page) {
    return lookUp("page:" + page.key());
  }

  @Override
  public void putPage(PageRequest request, Page<E> page, String fillToken) {
    fill("page:" + request.key(), page, fillToken);
  }

  @Override
  public CacheRead<List<E>> getRelated(O other) {
    return lookUp("related:" + other);
  }

  @Override
  public void putRelated(O other, List<E> values, String fillToken) {
    fill("related:" + other, values, fillToken);
  }

  @Override
  public synchronized void invalidate(I id, Set<O> touched) {
    if (down) {
      throw new DependencyUnavailableException("redis", "down in this test");
    }
    generation.incrementAndGet();
    values.clear();
  }
}
