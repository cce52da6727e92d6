package dev.nis.initializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.config.ConfigException;
import dev.nis.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitializerConfigTest {

  @Test
  void nothingSet_usesLocalDefaults() {
    InitializerConfig config = InitializerConfig.from(new Env(Map.of()));

    assertThat(config.natsUrl()).isEqualTo("nats://127.0.0.1:4222");
    assertThat(config.contract().namespace()).isEqualTo("nis");
    assertThat(config.waitLimit()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void everythingSet_isRead() {
    InitializerConfig config =
        InitializerConfig.from(
            new Env(
                Map.of(
                    "NATS_URL", "nats://nats:4222", "NIS_NAMESPACE", "test-1", "INIT_WAIT", "2m")));

    assertThat(config.natsUrl()).isEqualTo("nats://nats:4222");
    assertThat(config.contract().namespace()).isEqualTo("test-1");
    assertThat(config.waitLimit()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void badValues_nameTheirVariable() {
    assertThatThrownBy(() -> InitializerConfig.from(new Env(Map.of("INIT_WAIT", "soon"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("INIT_WAIT");
    assertThatThrownBy(() -> InitializerConfig.from(new Env(Map.of("NIS_NAMESPACE", "Nis"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NIS_NAMESPACE");
    assertThatThrownBy(() -> InitializerConfig.from(new Env(Map.of("NATS_URL", "http://x:1"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_URL");
  }
}
