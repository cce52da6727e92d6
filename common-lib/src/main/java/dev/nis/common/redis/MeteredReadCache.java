package dev.nis.common.redis;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.WireFormat;
import dev.nis.common.application.port.out.AnswerCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts cache look-ups by view and result ({@code nis_cache_lookups_total{service, view,
 * result=hit|miss|unavailable}}), for the hit ratio on the dashboard. A look-up of a value and one
 * of its bytes count alike.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public final class MeteredReadCache<E, I, O> implements AnswerCache<E, I, O> {
  private final AnswerCache<E, I, O> next;
  private final ViewCounters entity;
  private final ViewCounters list;
  private final ViewCounters related;

  /**
   * @param entityView the {@code view} tag of look-ups by id (e.g. {@code course})
   * @param relatedView the tag of related look-ups (e.g. {@code courses_of_student})
   */
  public MeteredReadCache(
      AnswerCache<E, I, O> next,
      MeterRegistry registry,
      String service,
      String entityView,
      String relatedView) {
    this.next = next;
    this.entity = new ViewCounters(registry, service, entityView);
    this.list = new ViewCounters(registry, service, "list");
    this.related = new ViewCounters(registry, service, relatedView);
  }

  @Override
  public CacheRead<E> get(I id) {
    return entity.count(next.get(id));
  }

  @Override
  public CompletionStage<CacheRead<byte[]>> getBytes(I id, WireFormat format) {
    return next.getBytes(id, format).thenApply(entity::count);
  }

  @Override
  public void put(I id, E value, String fillToken) {
    next.put(id, value, fillToken);
  }

  @Override
  public CacheRead<Page<E>> getPage(PageRequest page) {
    return list.count(next.getPage(page));
  }

  @Override
  public CompletionStage<CacheRead<byte[]>> getPageBytes(PageRequest page, WireFormat format) {
    return next.getPageBytes(page, format).thenApply(list::count);
  }

  @Override
  public void putPage(PageRequest request, Page<E> page, String fillToken) {
    next.putPage(request, page, fillToken);
  }

  @Override
  public CacheRead<List<E>> getRelated(O other) {
    return related.count(next.getRelated(other));
  }

  @Override
  public CompletionStage<CacheRead<byte[]>> getRelatedBytes(O other, WireFormat format) {
    return next.getRelatedBytes(other, format).thenApply(related::count);
  }

  @Override
  public void putRelated(O other, List<E> values, String fillToken) {
    next.putRelated(other, values, fillToken);
  }

  @Override
  public void invalidate(I id, Set<O> touched) {
    next.invalidate(id, touched);
  }

  /**
   * The three counters of one view, each registered at its first use (so that a result that never
   * happened has no series) and then kept: registering on every look-up (building the meter id,
   * sorting its tags, a registry look-up) cost more than the rest of a cache hit's own work.
   */
  private static final class ViewCounters {
    private static final String[] RESULTS = {"hit", "miss", "unavailable"};

    private final MeterRegistry registry;
    private final String service;
    private final String view;
    private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(3);

    ViewCounters(MeterRegistry registry, String service, String view) {
      this.registry = registry;
      this.service = service;
      this.view = view;
    }

    <T> CacheRead<T> count(CacheRead<T> read) {
      int result = read.value().isPresent() ? 0 : read.fillToken().isPresent() ? 1 : 2;
      Counter counter = counters.get(result);
      if (counter == null) {
        counter = register(RESULTS[result]);
        counters.set(result, counter);
      }
      counter.increment();
      return read;
    }

    /** Registering twice (two first look-ups at once) gives the same counter: harmless. */
    private Counter register(String result) {
      return Counter.builder("nis.cache.lookups")
          .description("Read-cache look-ups by view and result (hit, miss, unavailable)")
          .tag("service", service)
          .tag("view", view)
          .tag("result", result)
          .register(registry);
    }
  }
}
