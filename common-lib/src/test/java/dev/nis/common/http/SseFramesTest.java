package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text/event-stream layout the streams write (HTML Living Standard, "Server-sent events"). */
class SseFramesTest {
  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void anEvent_isItsIdTypeAndDataLines_endedByABlankLine() {
    byte[] data = "{\"id\":\"é\"}".getBytes(StandardCharsets.UTF_8);

    String frame = text(SseFrames.event("course.created", "17.4", data));

    assertThat(frame).isEqualTo("id:17.4\nevent:course.created\ndata:{\"id\":\"é\"}\n\n");
    assertThat(text(SseFrames.event("stream.closed", null, "{}".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("event:stream.closed\ndata:{}\n\n");
  }

  @Test
  void commentsAndTheOpening_areLinesStartingWithAColon() {
    assertThat(text(SseFrames.comment("heartbeat"))).isEqualTo(": heartbeat\n\n");
    assertThat(text(SseFrames.opening("stream open", 1000)))
        .isEqualTo(": stream open\nretry:1000\n\n");
  }

  @Test
  void aFieldValueSpanningLines_isRefused_sinceItWouldEndTheFieldEarly() {
    assertThatThrownBy(() -> SseFrames.event("a", "1\n2", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SseFrames.event("a\rb", "1", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
