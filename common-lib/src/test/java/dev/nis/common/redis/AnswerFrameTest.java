package dev.nis.common.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nis.common.application.WireFormat;
import dev.nis.proto.v1.Course;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnswerFrameTest {
  private static final byte[] PROTOBUF =
      Course.newBuilder()
          .setId("0123456789abcdef01234567")
          .setName("Algebra")
          .build()
          .toByteArray();
  private static final byte[] JSON = "{\"data\":{\"name\":\"Algebra\"}}".getBytes(UTF_8);

  @Test
  void eachPart_comesBackAsItWasGiven() {
    byte[] frame = AnswerFrame.of(PROTOBUF, JSON);

    assertThat(AnswerFrame.part(frame, WireFormat.PROTOBUF)).isEqualTo(PROTOBUF);
    assertThat(AnswerFrame.part(frame, WireFormat.JSON)).isEqualTo(JSON);
  }

  @Test
  void emptyParts_areKept() {
    byte[] frame = AnswerFrame.of(new byte[0], JSON);

    assertThat(AnswerFrame.part(frame, WireFormat.PROTOBUF)).isEmpty();
    assertThat(AnswerFrame.part(frame, WireFormat.JSON)).isEqualTo(JSON);
  }

  @Test
  void aBareMessage_asTheVersionsBeforeStoredIt_isNoFrame() {
    assertThatThrownBy(() -> AnswerFrame.part(PROTOBUF, WireFormat.JSON))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AnswerFrame.part(new byte[0], WireFormat.PROTOBUF))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFrame_isNoMessage_forAReaderOfTheVersionsBefore() {
    byte[] frame = AnswerFrame.of(PROTOBUF, JSON);

    assertThatThrownBy(() -> Course.parseFrom(frame))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 1000, Integer.MAX_VALUE})
  void aLengthBeyondTheValue_isNoFrame(int length) {
    byte[] frame = AnswerFrame.of(PROTOBUF, JSON);
    java.nio.ByteBuffer.wrap(frame).putInt(1, length);

    assertThatThrownBy(() -> AnswerFrame.part(frame, WireFormat.JSON))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
