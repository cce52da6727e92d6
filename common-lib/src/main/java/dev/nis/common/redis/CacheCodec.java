package dev.nis.common.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.domain.Page;
import java.util.List;
import java.util.function.Function;

/**
 * How one service's entities are stored in the cache: protobuf bytes of the {@code nis.v1} messages
 * (README.md, "How a mutation travels"). Decoding validates like any input, so a corrupt entry is a
 * miss. A list of related entities is stored as a page without a cursor.
 *
 * @param <E> the entity
 */
public record CacheCodec<E>(
    Function<E, byte[]> encoder,
    GenerationGuardedCache.Decoder<E> decoder,
    Function<Page<E>, byte[]> pageEncoder,
    GenerationGuardedCache.Decoder<Page<E>> pageDecoder) {

  public byte[] encode(E value) {
    return encoder.apply(value);
  }

  public E decode(byte[] bytes) throws InvalidProtocolBufferException {
    return decoder.decode(bytes);
  }

  public byte[] encodePage(Page<E> page) {
    return pageEncoder.apply(page);
  }

  public Page<E> decodePage(byte[] bytes) throws InvalidProtocolBufferException {
    return pageDecoder.decode(bytes);
  }

  public byte[] encodeList(List<E> values) {
    return encodePage(Page.last(values));
  }

  public List<E> decodeList(byte[] bytes) throws InvalidProtocolBufferException {
    return decodePage(bytes).items();
  }
}
