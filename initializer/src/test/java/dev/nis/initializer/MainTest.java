package dev.nis.initializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.config.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> vars) {
    return new Main(new Env(vars), new PrintStream(err, true, StandardCharsets.UTF_8)).run();
  }

  @Test
  void badConfiguration_exitsWithOne_namingTheVariable() {
    int exit = run(Map.of("INIT_WAIT", "forever"));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("INIT_WAIT");
  }

  @Test
  void unreachableNats_exitsWithOne_afterTheWait() {
    long start = System.nanoTime();

    int exit = run(Map.of("NATS_URL", "nats://127.0.0.1:1", "INIT_WAIT", "1s"));

    assertThat(exit).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("nats://127.0.0.1:1");
  }
}
