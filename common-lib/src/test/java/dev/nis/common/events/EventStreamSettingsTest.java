package dev.nis.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStreamSettingsTest {
  @Test
  void withoutVariables_theDefaultsHold() {
    assertThat(EventStreamSettings.from(new Env(Map.of()))).isEqualTo(EventStreamSettings.DEFAULTS);
  }

  @Test
  void theLinger_isReadFromItsVariable_andZeroWritesEachEventAsItComes() {
    assertThat(EventStreamSettings.from(new Env(Map.of("EVENTS_LINGER", "50ms"))).linger())
        .isEqualTo(Duration.ofMillis(50));
    assertThat(EventStreamSettings.from(new Env(Map.of("EVENTS_LINGER", "0ms"))).linger()).isZero();
  }

  @Test
  void aLingerBeyondHalfASecond_isRefusedNamingTheVariable() {
    assertThatThrownBy(() -> EventStreamSettings.from(new Env(Map.of("EVENTS_LINGER", "1s"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("EVENTS_LINGER");
  }
}
