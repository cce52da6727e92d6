package dev.nis.common.redis;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;

/**
 * The Redis connection's codec: keys as UTF-8 text, values as the bytes given, encoded exactly as
 * lettuce's {@code RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)} encodes them, but
 * written straight into the command's buffer. Lettuce's composed codec is not a {@link
 * ToByteBufEncoder} (6.5, and its main branch in 2026-12), so it encoded each key into a {@link
 * ByteBuffer} sized for three bytes a character and then copied it into the command (about 2 % of a
 * cached read's CPU: bench/analysis.md, "Where a cached read's CPU goes now"). The sizes this codec
 * gives lettuce are exact (a key's UTF-8 length, a value's length), so lettuce writes each
 * argument's length and then its bytes, with no temporary buffer (its {@code CommandArgs.encode}).
 * Decoding is lettuce's own.
 */
final class Utf8KeysByteValuesCodec
    implements RedisCodec<String, byte[]>, ToByteBufEncoder<String, byte[]> {
  static final Utf8KeysByteValuesCodec INSTANCE = new Utf8KeysByteValuesCodec();

  private Utf8KeysByteValuesCodec() {}

  @Override
  public String decodeKey(ByteBuffer bytes) {
    return StringCodec.UTF8.decodeKey(bytes);
  }

  @Override
  public byte[] decodeValue(ByteBuffer bytes) {
    return ByteArrayCodec.INSTANCE.decodeValue(bytes);
  }

  @Override
  public ByteBuffer encodeKey(String key) {
    return StringCodec.UTF8.encodeKey(key);
  }

  @Override
  public ByteBuffer encodeValue(byte[] value) {
    return ByteArrayCodec.INSTANCE.encodeValue(value);
  }

  /** Writes {@code key} as UTF-8 (an unpaired surrogate as {@code ?}, as netty and lettuce do). */
  @Override
  public void encodeKey(String key, ByteBuf target) {
    if (key != null) {
      ByteBufUtil.writeUtf8(target, key);
    }
  }

  @Override
  public void encodeValue(byte[] value, ByteBuf target) {
    if (value != null) {
      target.writeBytes(value);
    }
  }

  /** The exact number of bytes {@link #encodeKey} or {@link #encodeValue} writes for the item. */
  @Override
  public int estimateSize(Object keyOrValue) {
    return switch (keyOrValue) {
      case String key -> ByteBufUtil.utf8Bytes(key);
      case byte[] value -> value.length;
      case null, default -> 0;
    };
  }

  @Override
  public boolean isEstimateExact() {
    return true;
  }
}
