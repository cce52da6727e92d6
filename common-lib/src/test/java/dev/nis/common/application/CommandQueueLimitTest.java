package dev.nis.common.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code COMMAND_QUEUE_LIMIT} and {@code COMMAND_QUEUE_WAIT}: defaults, values, and refusals. */
class CommandQueueLimitTest {
  @Test
  void unset_givesTheDefaults() {
    assertThat(CommandQueueLimit.from(new Env(Map.of())))
        .isEqualTo(new CommandQueueLimit(2_000, Duration.ofSeconds(2)));
  }

  @Test
  void set_givesTheValues() {
    var limit =
        CommandQueueLimit.from(
            new Env(Map.of("COMMAND_QUEUE_LIMIT", "500", "COMMAND_QUEUE_WAIT", "750ms")));

    assertThat(limit.maxUnapplied()).isEqualTo(500);
    assertThat(limit.admissionWait()).isEqualTo(Duration.ofMillis(750));
  }

  @Test
  void aLimitBelowOne_orAWaitOverAMinute_isRefusedNamingTheVariable() {
    assertThatThrownBy(() -> CommandQueueLimit.from(new Env(Map.of("COMMAND_QUEUE_LIMIT", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("COMMAND_QUEUE_LIMIT");
    assertThatThrownBy(() -> CommandQueueLimit.from(new Env(Map.of("COMMAND_QUEUE_WAIT", "2m"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("COMMAND_QUEUE_WAIT");
    assertThatThrownBy(() -> CommandQueueLimit.from(new Env(Map.of("COMMAND_QUEUE_WAIT", "-1s"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("COMMAND_QUEUE_WAIT");
  }
}
