package dev.nis.common.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.Page;
import java.util.List;

/**
 * How one service's entities are stored in the cache: protobuf bytes of the {@code nis.v1} messages
 * (README.md, "How a mutation travels"). Decoding validates like any input, so a corrupt entry is a
 * miss.
 *
 * @param <E> the entity
 */
public interface CacheCodec<E> {
  byte[] encode(E value);

  E decode(byte[] bytes) throws InvalidProtocolBufferException;

  byte[] encodePage(Page<E> page);

  Page<E> decodePage(byte[] bytes) throws InvalidProtocolBufferException;

  /** A list of related entities: a page without a cursor. */
  default byte[] encodeList(List<E> values) {
    return encodePage(Page.last(values));
  }

  default List<E> decodeList(byte[] bytes) throws InvalidProtocolBufferException {
    return decodePage(bytes).items();
  }
}
