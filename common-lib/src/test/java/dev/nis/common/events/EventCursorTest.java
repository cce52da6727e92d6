package dev.nis.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.domain.ValidationException;
import org.junit.jupiter.api.Test;

class EventCursorTest {
  @Test
  void aCursorReadsBackAsItWasWritten() {
    EventCursor cursor = new EventCursor(EventCursor.operationsPosition(41, 1), 17);
    assertThat(EventCursor.parse(cursor.toString())).isEqualTo(cursor);
  }

  @Test
  void resumingAfterAHalfSentMessage_startsAtThatMessage() {
    EventCursor afterOutcome = new EventCursor(EventCursor.operationsPosition(41, 0), 17);
    assertThat(afterOutcome.operationsStartSequence()).isEqualTo(41);
    assertThat(afterOutcome.enrollmentsStartSequence()).isEqualTo(18);
  }

  @Test
  void theStartOfBothStreams_isSequenceOne() {
    EventCursor start = new EventCursor(0, 0);
    assertThat(start.operationsStartSequence()).isEqualTo(1);
    assertThat(start.enrollmentsStartSequence()).isEqualTo(1);
  }

  @Test
  void aCursorThisServerDidNotWrite_isRefusedNamingTheHeader() {
    for (String text : new String[] {"", "12", "1.2.3", "-1.2", "a.b", "99999999999999999999.1"}) {
      assertThatThrownBy(() -> EventCursor.parse(text))
          .as(text)
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("id of an event");
    }
  }
}
