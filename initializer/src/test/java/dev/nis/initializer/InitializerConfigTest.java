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
    assertThat(config.replicas()).isEqualTo(1);
  }

  @Test
  void aClustersServers_andItsReplicaCount_areRead() {
    InitializerConfig config =
        InitializerConfig.from(
            new Env(
                Map.of(
                    "NATS_URL",
                    "nats://nats-0:4222, nats://nats-1:4222,nats://nats-2:4222",
                    "NIS_STREAM_REPLICAS",
                    "3")));

    assertThat(config.natsUrl())
        .isEqualTo("nats://nats-0:4222,nats://nats-1:4222,nats://nats-2:4222");
    assertThat(config.replicas()).isEqualTo(3);
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
    assertThatThrownBy(
            () -> InitializerConfig.from(new Env(Map.of("NATS_URL", "nats://a:4222,,nats://b"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_URL");
    for (String replicas : new String[] {"0", "6", "three"}) {
      assertThatThrownBy(
              () -> InitializerConfig.from(new Env(Map.of("NIS_STREAM_REPLICAS", replicas))))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("NIS_STREAM_REPLICAS");
    }
  }
}
