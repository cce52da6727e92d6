package dev.nis.common.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec sends the same bytes as lettuce's composed codec that it replaces, for keys of every
 * kind of text and values of any bytes, and reads back what it wrote.
 */
class Utf8KeysByteValuesCodecTest {
  private static final RedisCodec<String, byte[]> LETTUCE =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  static List<String> keys() {
    return List.of(
        "nis:students:student:3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "",
        "ü-€-ключ",
        "emoji 😀 and more",
        "an unpaired \uD800 surrogate",
        "a low \uDC00 one at the end\uD83D");
  }

  @ParameterizedTest
  @MethodSource("keys")
  void aCommandsArguments_areTheBytesLettucesComposedCodecSends(String key) {
    byte[] value = {0, 1, (byte) 0xff, '\r', '\n', 'x'};

    assertThat(encoded(Utf8KeysByteValuesCodec.INSTANCE, key, value))
        .isEqualTo(encoded(LETTUCE, key, value));
  }

  @ParameterizedTest
  @MethodSource("keys")
  void theSizeGiven_isTheNumberOfBytesWritten(String key) {
    ByteBuf written = Unpooled.buffer();
    Utf8KeysByteValuesCodec.INSTANCE.encodeKey(key, written);

    assertThat(Utf8KeysByteValuesCodec.INSTANCE.estimateSize(key))
        .isEqualTo(written.readableBytes());
    assertThat(Utf8KeysByteValuesCodec.INSTANCE.estimateSize(new byte[7])).isEqualTo(7);
    assertThat(Utf8KeysByteValuesCodec.INSTANCE.isEstimateExact()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("keys")
  void whatItWrites_decodesBack(String key) {
    var codec = Utf8KeysByteValuesCodec.INSTANCE;
    byte[] value = key.getBytes(UTF_8);

    assertThat(codec.decodeKey(codec.encodeKey(key)))
        .isEqualTo(LETTUCE.decodeKey(LETTUCE.encodeKey(key)));
    assertThat(codec.decodeValue(codec.encodeValue(value))).isEqualTo(value);
  }

  private static byte[] encoded(RedisCodec<String, byte[]> codec, String key, byte[] value) {
    ByteBuf target = Unpooled.buffer();
    new CommandArgs<>(codec).addKey(key).addValue(value).addKeys(key, key + "2").encode(target);
    return ByteBufUtil.getBytes(target);
  }
}
