package dev.nis.common.redis;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A service's read cache in Redis: its {@link CacheKeys} and {@link CacheCodec} over the
 * generation-guarded mechanics of {@link GenerationGuardedCache}. Ids become keys by their {@code
 * toString()}.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public final class RedisReadCache<E, I, O> implements ReadCache<E, I, O> {
  private final GenerationGuardedCache cache;
  private final CacheKeys keys;
  private final CacheCodec<E> codec;

  public RedisReadCache(RedisConnector redis, CacheKeys keys, CacheCodec<E> codec, Duration ttl) {
    this.cache = new GenerationGuardedCache(redis, ttl);
    this.keys = keys;
    this.codec = codec;
  }

  @Override
  public CacheRead<E> get(I id) {
    return cache.read(keys.value(id), keys.generation(id), codec::decode);
  }

  @Override
  public void put(I id, E value, String fillToken) {
    cache.fill(keys.generation(id), keys.value(id), fillToken, codec.encode(value));
  }

  @Override
  public CacheRead<Page<E>> getPage(PageRequest page) {
    return cache.readPage(
        keys.listGeneration(), keys.pagePrefix(), keys.pageSuffix(page), codec::decodePage);
  }

  @Override
  public void putPage(PageRequest request, Page<E> page, String fillToken) {
    cache.fill(
        keys.listGeneration(), keys.page(fillToken, request), fillToken, codec.encodePage(page));
  }

  @Override
  public CacheRead<List<E>> getRelated(O other) {
    return cache.read(keys.related(other), keys.relatedGeneration(other), codec::decodeList);
  }

  @Override
  public void putRelated(O other, List<E> values, String fillToken) {
    cache.fill(
        keys.relatedGeneration(other), keys.related(other), fillToken, codec.encodeList(values));
  }

  @Override
  public void invalidate(I id, Set<O> touched) {
    List<String> generations = new ArrayList<>();
    List<String> values = new ArrayList<>();
    generations.add(keys.generation(id));
    values.add(keys.value(id));
    generations.add(keys.listGeneration());
    for (O other : touched) {
      generations.add(keys.relatedGeneration(other));
      values.add(keys.related(other));
    }
    cache.invalidate(generations, values);
  }
}
