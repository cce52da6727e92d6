package dev.nis.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.Page;
import dev.nis.common.domain.PageRequest;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.redis.CacheCodec;
import dev.nis.common.testing.EntityFixture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A service's {@link CacheCodec}, held once: entities, pages and related lists survive the round
 * trip, and bytes that are no entity, or an entity that breaks the domain's rules, are rejected. A
 * subclass per service gives its codec, its entities and the bytes of one rule-breaking entity.
 *
 * @param <E> the entity
 * @param <O> the id type of the other side
 */
public abstract class CacheCodecContract<E, O> {
  private final CacheCodec<E> codec;
  private final EntityFixture<E, ?, O> entities;
  private final byte[] ruleBreaking;

  /**
   * @param ruleBreaking an encoded entity whose fields break the domain's rules
   */
  protected CacheCodecContract(
      CacheCodec<E> codec, EntityFixture<E, ?, O> entities, byte[] ruleBreaking) {
    this.codec = codec;
    this.entities = entities;
    this.ruleBreaking = ruleBreaking.clone();
  }

  private E one() {
    return entities.anEntity(List.of());
  }

  @Test
  void anEntity_survivesTheRoundTrip() throws InvalidProtocolBufferException {
    E entity = entities.holding(entities.anOther(), entities.anOther());

    assertThat(codec.decode(codec.encode(entity))).isEqualTo(entity);
  }

  @Test
  void aPage_keepsItsCursor() throws InvalidProtocolBufferException {
    Page<E> page = new Page<>(List.of(one(), one()), Optional.of(PageRequest.encodeCursor("abc")));

    assertThat(codec.decodePage(codec.encodePage(page))).isEqualTo(page);
  }

  @Test
  void theLastPage_hasNoCursor() throws InvalidProtocolBufferException {
    Page<E> last = new Page<>(List.of(one()), Optional.empty());

    assertThat(codec.decodePage(codec.encodePage(last)).nextCursor()).isEmpty();
  }

  @Test
  void theRelatedOfOne_surviveTheRoundTrip_evenWhenNone() throws InvalidProtocolBufferException {
    List<E> related = List.of(one(), one());

    assertThat(codec.decodeList(codec.encodeList(related))).isEqualTo(related);
    assertThat(codec.decodeList(codec.encodeList(List.of()))).isEmpty();
  }

  @Test
  void bytesThatAreNoEntity_areRejected() {
    byte[] garbage = {(byte) 0xff, 0x01, 0x02};

    assertThatThrownBy(() -> codec.decode(garbage))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void aCachedEntityThatBreaksTheRules_isRejected() {
    assertThatThrownBy(() -> codec.decode(ruleBreaking)).isInstanceOf(ValidationException.class);
  }
}
