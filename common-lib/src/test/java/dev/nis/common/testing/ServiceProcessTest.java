package dev.nis.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher reports a JVM that ends on its own with what it wrote, and keeps its log. */
class ServiceProcessTest {
  /** A "service" that prints one line and exits with the code given in its environment. */
  public static final class ExitsAtOnce {
    public static void main(String[] args) {
      System.out.println("exiting by itself");
      System.exit(Integer.parseInt(System.getenv("EXIT_CODE")));
    }
  }

  @Test
  void aServiceThatExitsBeforeItIsReady_failsTheStart_withItsLog() throws Exception {
    try (ServiceProcess process = exitsWith(3).onFreePorts().build()) {
      assertThatThrownBy(process::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("probe exited with 3")
          .hasMessageContaining("exiting by itself");
      assertThat(process.isAlive()).isFalse();
    }
  }

  @Test
  void aOneShotRunsToItsEnd_andFailsOnlyOnANonZeroExit() throws Exception {
    Path log = Files.createTempFile("probe-", ".log");
    try {
      exitsWith(0).log(log).build().runToEnd(Duration.ofSeconds(30));
      assertThat(Files.readString(log)).contains("exiting by itself");

      ServiceProcess failing = exitsWith(1).log(log).build();
      assertThatThrownBy(() -> failing.runToEnd(Duration.ofSeconds(30)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("probe failed");
    } finally {
      Files.delete(log);
    }
  }

  private static ServiceProcess.Builder exitsWith(int code) {
    return ServiceProcess.fromClassPath("probe", ExitsAtOnce.class.getName())
        .env(Map.of("EXIT_CODE", Integer.toString(code)));
  }
}
