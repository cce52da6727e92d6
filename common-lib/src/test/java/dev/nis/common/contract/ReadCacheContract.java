package dev.nis.common.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.application.port.out.ReadCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.redis.RedisConnector;
import dev.nis.common.testing.EntityFixture;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service's {@link ReadCache} against the Redis on {@code REDIS_URL}, held once: hits, fill
 * tokens and the fill race, pages and related lists and what an invalidation drops, TTLs, corrupt
 * values, and an unreachable Redis. Each test uses keys under a prefix of its own and removes them.
 * A subclass per service names its cache factory, its entities and its entity key.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public abstract class ReadCacheContract<E, I, O> {
  /** The Redis the cache ITs use: {@code REDIS_URL}, or the local one. */
  public static final String REDIS_URL =
      Optional.ofNullable(System.getenv("REDIS_URL")).orElse("redis://127.0.0.1:6379");

  private static final Duration TTL = Duration.ofMinutes(5);

  /** How a service makes its cache, e.g. {@code RedisCourseCache::create}. */
  @FunctionalInterface
  public interface Factory<E, I, O> {
    ReadCache<E, I, O> create(RedisConnector redis, String keyPrefix, Duration ttl);
  }

  private final Factory<E, I, O> factory;
  private final EntityFixture<E, I, O> entities;
  private final String entityKey;
  private final String prefix = "nis-test:" + UUID.randomUUID() + ":";
  private RedisConnector connector;
  private ReadCache<E, I, O> cache;

  /**
   * @param entityKey the part of an entity's key before its id, e.g. {@code course}
   */
  protected ReadCacheContract(
      Factory<E, I, O> factory, EntityFixture<E, I, O> entities, String entityKey) {
    this.factory = factory;
    this.entities = entities;
    this.entityKey = entityKey;
  }

  @BeforeEach
  void connect() {
    connector = RedisConnector.create(REDIS_URL);
    cache = factory.create(connector, prefix, TTL);
  }

  @AfterEach
  void removeKeysAndDisconnect() {
    RedisCommands<String, byte[]> redis = connector.commands();
    List<String> keys = redis.keys(prefix + "*");
    if (!keys.isEmpty()) {
      redis.del(keys.toArray(String[]::new));
    }
    connector.close();
  }

  private I idOf(E entity) {
    return entities.idOf(entity);
  }

  private E one() {
    return entities.anEntity(List.of());
  }

  @Test
  void aFilledEntity_isAHit() {
    E entity = entities.holding(entities.anOther());
    CacheRead<E> miss = cache.get(idOf(entity));

    cache.put(idOf(entity), entity, miss.fillToken().orElseThrow());

    assertThat(cache.get(idOf(entity)).value()).contains(entity);
  }

  @Test
  void aMiss_handsOutTheCurrentGeneration_asFillToken() {
    I id = entities.newId();
    String untouched = cache.get(id).fillToken().orElseThrow();

    cache.invalidate(id, Set.of());
    String once = cache.get(id).fillToken().orElseThrow();
    assertThat(cache.get(id)).isEqualTo(CacheRead.miss(once));

    cache.invalidate(id, Set.of());
    assertThat(cache.get(id).fillToken()).get().isNotIn(untouched, once);
  }

  @Test
  void aFillThatStartedBeforeAnInvalidation_isDropped() {
    E before = one();
    String staleToken = cache.get(idOf(before)).fillToken().orElseThrow();

    cache.invalidate(idOf(before), Set.of());
    cache.put(idOf(before), before, staleToken);

    CacheRead<E> read = cache.get(idOf(before));
    assertThat(read.value()).isEmpty();
    E after = entities.withId(idOf(before), "changed");
    cache.put(idOf(after), after, read.fillToken().orElseThrow());
    assertThat(cache.get(idOf(before)).value()).contains(after);
  }

  @Test
  void invalidate_dropsTheCachedEntity() {
    E entity = one();
    cache.put(idOf(entity), entity, cache.get(idOf(entity)).fillToken().orElseThrow());

    cache.invalidate(idOf(entity), Set.of());

    assertThat(cache.get(idOf(entity)).value()).isEmpty();
  }

  @Test
  void pages_areCachedPerRequest_andAllDroppedByAnyInvalidation() {
    PageRequest first = PageRequest.first(2);
    PageRequest second = PageRequest.of(2, PageRequest.encodeCursor(entities.newId().toString()));
    Page<E> firstPage =
        new Page<>(List.of(one(), one()), Optional.of(PageRequest.encodeCursor("x")));
    Page<E> secondPage = new Page<>(List.of(one()), Optional.empty());
    String filledIn = cache.getPage(first).fillToken().orElseThrow();
    cache.putPage(first, firstPage, filledIn);
    cache.putPage(second, secondPage, cache.getPage(second).fillToken().orElseThrow());

    assertThat(cache.getPage(first).value()).contains(firstPage);
    assertThat(cache.getPage(second).value()).contains(secondPage);

    cache.invalidate(entities.newId(), Set.of());

    String next = cache.getPage(first).fillToken().orElseThrow();
    assertThat(next).isNotEqualTo(filledIn);
    assertThat(cache.getPage(first)).isEqualTo(CacheRead.miss(next));
    assertThat(cache.getPage(second)).isEqualTo(CacheRead.miss(next));
  }

  /**
   * The list generation expires an hour after the last change. Counting up again from 0 once it
   * had, a few changes brought it back to the generation of pages stored before, and the stale
   * pages were served (found by a fresh helper, 2026-12-07). Here the generation key is deleted as
   * its expiry would, between changes, with pages stored under each earlier generation: no read
   * finds one of them.
   */
  @Test
  void anExpiredListGeneration_neverNamesAPageStoredBefore() {
    PageRequest request = PageRequest.first(5);
    RedisCommands<String, byte[]> redis = connector.commands();
    String listGeneration = prefix + "gen:list";
    for (int round = 0; round < 4; round++) {
      Page<E> stale = new Page<>(List.of(one()), Optional.empty());
      cache.putPage(request, stale, cache.getPage(request).fillToken().orElseThrow());
      assertThat(cache.getPage(request).value()).contains(stale);
      if (round % 2 == 0) {
        redis.del(listGeneration);
      }
      cache.invalidate(entities.newId(), Set.of());
      if (round % 2 == 1) {
        redis.del(listGeneration);
      }

      assertThat(cache.getPage(request).value()).as("round %d", round).isEmpty();
    }
  }

  @Test
  void aPageFillThatStartedBeforeAnInvalidation_isDropped() {
    PageRequest request = PageRequest.first(10);
    String staleToken = cache.getPage(request).fillToken().orElseThrow();

    cache.invalidate(entities.newId(), Set.of());
    cache.putPage(request, new Page<>(List.of(one()), Optional.empty()), staleToken);

    assertThat(cache.getPage(request).value()).isEmpty();
  }

  @Test
  void related_areDroppedForTouchedOthersOnly() {
    O touched = entities.anOther();
    O untouched = entities.anOther();
    E entity = entities.holding(touched, untouched);
    for (O other : List.of(touched, untouched)) {
      String token = cache.getRelated(other).fillToken().orElseThrow();
      cache.putRelated(other, List.of(entity), token);
    }
    assertThat(cache.getRelated(touched).value()).contains(List.of(entity));

    cache.invalidate(idOf(entity), Set.of(touched));

    assertThat(cache.getRelated(touched).value()).isEmpty();
    assertThat(cache.getRelated(untouched).value()).contains(List.of(entity));
  }

  @Test
  void aStaleFillOfRelated_isDropped() {
    O other = entities.anOther();
    String staleToken = cache.getRelated(other).fillToken().orElseThrow();

    cache.invalidate(entities.newId(), Set.of(other));
    cache.putRelated(other, List.of(one()), staleToken);

    assertThat(cache.getRelated(other).value()).isEmpty();
  }

  @Test
  void values_expireAfterTheTtl_andGenerationsLater() {
    E entity = one();
    cache.put(idOf(entity), entity, cache.get(idOf(entity)).fillToken().orElseThrow());
    cache.invalidate(entities.newId(), Set.of(entities.anOther()));

    RedisCommands<String, byte[]> redis = connector.commands();
    assertThat(redis.pttl(valueKey(entity))).isBetween(1L, TTL.toMillis());
    for (String generation : redis.keys(prefix + "gen:*")) {
      assertThat(redis.pttl(generation))
          .isBetween(TTL.toMillis() + 1, Duration.ofHours(1).toMillis());
    }
  }

  @Test
  void aValueThatDoesNotDecode_isAMiss_andIsOverwrittenByTheNextFill() {
    E entity = one();
    connector.commands().set(valueKey(entity), "garbage".getBytes(UTF_8));

    CacheRead<E> read = cache.get(idOf(entity));
    assertThat(read).isEqualTo(CacheRead.miss("0"));

    cache.put(idOf(entity), entity, read.fillToken().orElseThrow());
    assertThat(cache.get(idOf(entity)).value()).contains(entity);
  }

  @Test
  void anUnreachableRedis_readsAsUnavailableFast_andFailsInvalidation() {
    try (RedisConnector down = RedisConnector.create("redis://127.0.0.1:1")) {
      ReadCache<E, I, O> unreachable = factory.create(down, prefix, TTL);
      E entity = one();
      long start = System.nanoTime();

      assertThat(unreachable.get(entities.newId())).isEqualTo(CacheRead.unavailable());
      assertThat(unreachable.getPage(PageRequest.first(5))).isEqualTo(CacheRead.unavailable());
      assertThat(unreachable.getRelated(entities.anOther())).isEqualTo(CacheRead.unavailable());
      unreachable.put(idOf(entity), entity, "0");

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThatThrownBy(() -> unreachable.invalidate(entities.newId(), Set.of(entities.anOther())))
          .isInstanceOfSatisfying(
              DependencyUnavailableException.class,
              e -> assertThat(e.dependency()).isEqualTo("redis"));
    }
  }

  private String valueKey(E entity) {
    return prefix + entityKey + ":" + idOf(entity);
  }
}
