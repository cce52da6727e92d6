package dev.nis.common.redis;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;

/**
 * Counts cache look-ups by view and result ({@code nis_cache_lookups_total{service, view,
 * result=hit|miss|unavailable}}), for the hit ratio on the dashboard.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public final class MeteredReadCache<E, I, O> implements ReadCache<E, I, O> {
  private final ReadCache<E, I, O> next;
  private final MeterRegistry registry;
  private final String service;
  private final String entityView;
  private final String relatedView;

  /**
   * @param entityView the {@code view} tag of look-ups by id (e.g. {@code course})
   * @param relatedView the tag of related look-ups (e.g. {@code courses_of_student})
   */
  public MeteredReadCache(
      ReadCache<E, I, O> next,
      MeterRegistry registry,
      String service,
      String entityView,
      String relatedView) {
    this.next = next;
    this.registry = registry;
    this.service = service;
    this.entityView = entityView;
    this.relatedView = relatedView;
  }

  private <T> CacheRead<T> counted(String view, CacheRead<T> read) {
    String result =
        read.value().isPresent() ? "hit" : read.fillToken().isPresent() ? "miss" : "unavailable";
    Counter.builder("nis.cache.lookups")
        .description("Read-cache look-ups by view and result (hit, miss, unavailable)")
        .tag("service", service)
        .tag("view", view)
        .tag("result", result)
        .register(registry)
        .increment();
    return read;
  }

  @Override
  public CacheRead<E> get(I id) {
    return counted(entityView, next.get(id));
  }

  @Override
  public void put(I id, E value, String fillToken) {
    next.put(id, value, fillToken);
  }

  @Override
  public CacheRead<Page<E>> getPage(PageRequest page) {
    return counted("list", next.getPage(page));
  }

  @Override
  public void putPage(PageRequest request, Page<E> page, String fillToken) {
    next.putPage(request, page, fillToken);
  }

  @Override
  public CacheRead<List<E>> getRelated(O other) {
    return counted(relatedView, next.getRelated(other));
  }

  @Override
  public void putRelated(O other, List<E> values, String fillToken) {
    next.putRelated(other, values, fillToken);
  }

  @Override
  public void invalidate(I id, Set<O> touched) {
    next.invalidate(id, touched);
  }
}
