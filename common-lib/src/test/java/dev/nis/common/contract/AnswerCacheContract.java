package dev.nis.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.application.CacheRead;
import dev.nis.common.application.WireFormat;
import dev.nis.common.application.port.out.AnswerCache;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.redis.CacheCodec;
import dev.nis.common.redis.JsonBodies;
import dev.nis.common.redis.RedisConnector;
import dev.nis.common.testing.EntityFixture;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service's {@link AnswerCache} against the Redis on {@code REDIS_URL}, held once: one fill
 * stores the answer in every wire format, as the service's codec and JSON bodies encode it; a look-
 * up of bytes follows the same generations as one of values (its token, the fill race); an
 * invalidation drops every format; a value in the format of the versions before (a bare protobuf
 * message) is a miss in every form and is replaced by the next fill. {@link ReadCacheContract}
 * holds the rest. A subclass per service names its cache factory, entities, key, codec and bodies.
 *
 * @param <E> the entity
 * @param <I> its id type
 * @param <O> the id type of the other side
 */
public abstract class AnswerCacheContract<E, I, O> {
  private static final Duration TTL = Duration.ofMinutes(5);

  /** How a service makes its cache, e.g. {@code RedisCourseCache::create}. */
  @FunctionalInterface
  public interface Factory<E, I, O> {
    AnswerCache<E, I, O> create(RedisConnector redis, String keyPrefix, Duration ttl);
  }

  private final Factory<E, I, O> factory;
  private final EntityFixture<E, I, O> entities;
  private final String entityKey;
  private final CacheCodec<E> codec;
  private final JsonBodies<E> bodies;
  private final String prefix = "nis-test:" + UUID.randomUUID() + ":";
  private RedisConnector connector;
  private AnswerCache<E, I, O> cache;

  /**
   * @param entityKey the part of an entity's key before its id, e.g. {@code course}
   * @param codec the service's protobuf encoding of its answers
   * @param bodies the service's HTTP bodies of its answers
   */
  protected AnswerCacheContract(
      Factory<E, I, O> factory,
      EntityFixture<E, I, O> entities,
      String entityKey,
      CacheCodec<E> codec,
      JsonBodies<E> bodies) {
    this.factory = factory;
    this.entities = entities;
    this.entityKey = entityKey;
    this.codec = codec;
    this.bodies = bodies;
  }

  /**
   * Waits for the connection, so that the first scenario of a cold JVM on a loaded machine does not
   * read the cache as unavailable.
   */
  @BeforeEach
  void connect() throws InterruptedException {
    connector = RedisConnector.create(ReadCacheContract.REDIS_URL);
    assertThat(connector.awaitReady(Duration.ofSeconds(30))).as("Redis answers").isTrue();
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

  /** A look-up's answer, waited for (the cache completes it when Redis answers). */
  private static <T> T now(CompletionStage<T> lookUp) {
    return lookUp.toCompletableFuture().join();
  }

  private I idOf(E entity) {
    return entities.idOf(entity);
  }

  private E one() {
    return entities.anEntity(List.of());
  }

  @Test
  void oneFill_storesTheAnswerInEveryFormat() {
    E entity = entities.holding(entities.anOther());
    cache.put(
        idOf(entity), entity, now(cache.getBytes(idOf(entity), WireFormat.JSON)).fillToken().get());

    assertThat(now(cache.getBytes(idOf(entity), WireFormat.PROTOBUF)).value())
        .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(codec.encode(entity)));
    assertThat(now(cache.getBytes(idOf(entity), WireFormat.JSON)).value())
        .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(bodies.encode(entity)));
    assertThat(cache.get(idOf(entity)).value()).contains(entity);
  }

  @Test
  void aPageAndTheRelated_areStoredInEveryFormat() {
    O other = entities.anOther();
    E entity = entities.holding(other);
    PageRequest request = PageRequest.first(2);
    Page<E> page = new Page<>(List.of(entity, one()), Optional.of(PageRequest.encodeCursor("x")));
    cache.putPage(
        request, page, now(cache.getPageBytes(request, WireFormat.JSON)).fillToken().get());
    cache.putRelated(
        other,
        List.of(entity),
        now(cache.getRelatedBytes(other, WireFormat.PROTOBUF)).fillToken().get());

    assertThat(now(cache.getPageBytes(request, WireFormat.PROTOBUF)).value().orElseThrow())
        .isEqualTo(codec.encodePage(page));
    assertThat(now(cache.getPageBytes(request, WireFormat.JSON)).value().orElseThrow())
        .isEqualTo(bodies.encodePage(page));
    assertThat(now(cache.getRelatedBytes(other, WireFormat.PROTOBUF)).value().orElseThrow())
        .isEqualTo(codec.encodeList(List.of(entity)));
    assertThat(now(cache.getRelatedBytes(other, WireFormat.JSON)).value().orElseThrow())
        .isEqualTo(bodies.encodeList(List.of(entity)));
  }

  @Test
  void aMissOfBytes_handsOutTheGenerationAsAMissOfTheValueDoes() {
    I id = entities.newId();
    assertThat(now(cache.getBytes(id, WireFormat.JSON))).isEqualTo(CacheRead.miss("0"));

    cache.invalidate(id, Set.of());

    String generation = cache.get(id).fillToken().orElseThrow();
    assertThat(generation).isNotEqualTo("0");
    assertThat(now(cache.getBytes(id, WireFormat.PROTOBUF))).isEqualTo(CacheRead.miss(generation));
    String pages = cache.getPage(PageRequest.first(3)).fillToken().orElseThrow();
    assertThat(now(cache.getPageBytes(PageRequest.first(3), WireFormat.JSON)))
        .isEqualTo(CacheRead.miss(pages));
  }

  @Test
  void aFillThatStartedBeforeAnInvalidation_storesNoFormat() {
    E before = one();
    String staleToken =
        now(cache.getBytes(idOf(before), WireFormat.JSON)).fillToken().orElseThrow();

    cache.invalidate(idOf(before), Set.of());
    cache.put(idOf(before), before, staleToken);

    for (WireFormat format : WireFormat.values()) {
      assertThat(now(cache.getBytes(idOf(before), format)).value()).as(format.name()).isEmpty();
    }
  }

  @Test
  void anInvalidation_dropsEveryFormat_ofTheEntity_thePages_andTheTouchedRelated() {
    O touched = entities.anOther();
    E entity = entities.holding(touched);
    PageRequest request = PageRequest.first(5);
    cache.put(idOf(entity), entity, cache.get(idOf(entity)).fillToken().orElseThrow());
    cache.putPage(
        request, Page.last(List.of(entity)), cache.getPage(request).fillToken().orElseThrow());
    cache.putRelated(touched, List.of(entity), cache.getRelated(touched).fillToken().orElseThrow());

    cache.invalidate(idOf(entity), Set.of(touched));

    for (WireFormat format : WireFormat.values()) {
      assertThat(now(cache.getBytes(idOf(entity), format)).value()).as(format.name()).isEmpty();
      assertThat(now(cache.getPageBytes(request, format)).value()).as(format.name()).isEmpty();
      assertThat(now(cache.getRelatedBytes(touched, format)).value()).as(format.name()).isEmpty();
    }
  }

  @Test
  void aBareMessageOfTheVersionsBefore_isAMissInEveryForm_andTheNextFillReplacesIt() {
    E entity = one();
    connector.commands().set(prefix + entityKey + ":" + idOf(entity), codec.encode(entity));

    assertThat(cache.get(idOf(entity))).isEqualTo(CacheRead.miss("0"));
    for (WireFormat format : WireFormat.values()) {
      assertThat(now(cache.getBytes(idOf(entity), format))).isEqualTo(CacheRead.miss("0"));
    }

    cache.put(idOf(entity), entity, "0");
    assertThat(now(cache.getBytes(idOf(entity), WireFormat.JSON)).value().orElseThrow())
        .isEqualTo(bodies.encode(entity));
  }

  @Test
  void anUnreachableRedis_readsBytesAsUnavailable() {
    try (RedisConnector down = RedisConnector.create("redis://127.0.0.1:1")) {
      AnswerCache<E, I, O> unreachable = factory.create(down, prefix, TTL);

      assertThat(now(unreachable.getBytes(entities.newId(), WireFormat.JSON)))
          .isEqualTo(CacheRead.unavailable());
      assertThat(now(unreachable.getPageBytes(PageRequest.first(5), WireFormat.PROTOBUF)))
          .isEqualTo(CacheRead.unavailable());
      assertThat(now(unreachable.getRelatedBytes(entities.anOther(), WireFormat.JSON)))
          .isEqualTo(CacheRead.unavailable());
    }
  }
}
