package dev.nis.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvFlagTest {
  @Test
  void unsetOrBlank_isTheDefault() {
    assertThat(new Env(Map.of()).flag("F", true)).isTrue();
    assertThat(new Env(Map.of("F", " ")).flag("F", false)).isFalse();
  }

  @Test
  void trueAndFalse_inAnyCase() {
    assertThat(new Env(Map.of("F", "TRUE")).flag("F", false)).isTrue();
    assertThat(new Env(Map.of("F", " false ")).flag("F", true)).isFalse();
  }

  @Test
  void anythingElse_isAConfigErrorNamingTheVariable() {
    assertThatThrownBy(() -> new Env(Map.of("NIS_X", "yes")).flag("NIS_X", false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NIS_X")
        .hasMessageContaining("true or false");
  }
}
