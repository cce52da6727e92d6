package dev.nis.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nis.common.testing.JsonLogLines;
import dev.nis.common.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@link JsonConsole} in a process of its own (it replaces {@code System.out}, which a test JVM
 * must keep): a probe writes every way a library or the JVM writes, and each line of its output,
 * stdout and stderr, is one JSON object of the right logger and level.
 */
class JsonConsoleIT {
  /** Writes to the console every way the services' libraries do, after the one install. */
  public static final class Probe {
    public static void main(String[] args) throws InterruptedException {
      JsonConsole.install();
      System.out.println("printed on stdout");
      System.err.print("two lines\r\non stderr\n\n");
      new IllegalStateException("printed stack").printStackTrace();
      java.util.logging.Logger jul = java.util.logging.Logger.getLogger("probe.jul");
      jul.log(Level.WARNING, "through JUL", new IllegalArgumentException("jul failure"));
      jul.fine("below JUL's level");
      System.getLogger("probe.platform").log(System.Logger.Level.WARNING, "through System.Logger");
      java.util.logging.Logger quiet = java.util.logging.Logger.getLogger("probe.quiet");
      quiet.info("below logback's level for probe.quiet");
      LoggerFactory.getLogger("probe")
          .info(
              "JUL loggable: probe.jul INFO {}, probe.jul FINE {}, probe.quiet INFO {}",
              jul.isLoggable(Level.INFO),
              jul.isLoggable(Level.FINE),
              quiet.isLoggable(Level.INFO));
      Thread doomed =
          new Thread(
              () -> {
                throw new IllegalStateException("nobody caught this");
              },
              "doomed");
      doomed.start();
      doomed.join();
    }
  }

  @TempDir static Path dir;
  private static JsonLogLines output;
  private static List<JsonNode> events;

  @BeforeAll
  static void runTheProbe() throws Exception {
    Path log = dir.resolve("probe.log");
    String config =
        Objects.requireNonNull(JsonConsoleIT.class.getResource("/json-console-probe.xml"))
            .toString();
    ServiceProcess.fromClassPath("probe", Probe.class.getName())
        .logbackConfiguration(config)
        .log(log)
        .build()
        .runToEnd(Duration.ofSeconds(30));
    output = JsonLogLines.of(Files.readAllBytes(log));
    events = output.objects();
  }

  @Test
  void everyLineIsAJsonObject() {
    assertThat(output.count()).isPositive();
    assertThat(output.notJsonObjects()).isEmpty();
  }

  @Test
  void systemOutAndErr_areLoggedLineByLine_byTheLoggersStdoutAndStderr() {
    assertThat(messagesOf("stdout")).containsExactly("printed on stdout");
    assertThat(levelsOf("stdout")).containsOnly("INFO");
    assertThat(messagesOf("stderr"))
        .startsWith("two lines", "on stderr", "java.lang.IllegalStateException: printed stack")
        .anySatisfy(line -> assertThat(line).startsWith("\tat dev.nis.common.logging"));
    assertThat(levelsOf("stderr")).containsOnly("WARN");
  }

  @Test
  void javaUtilLogging_isBridged_withItsStackTrace_andItsLevelsAreLogbacks() {
    JsonNode jul = only("probe.jul");
    assertThat(jul.path("level").asText()).isEqualTo("WARN");
    assertThat(jul.path("message").asText()).isEqualTo("through JUL");
    assertThat(jul.path("stack_trace").asText()).contains("IllegalArgumentException: jul failure");
    assertThat(only("probe.platform").path("message").asText()).isEqualTo("through System.Logger");
    assertThat(messagesOf("probe.quiet")).isEmpty();
    assertThat(only("probe").path("message").asText())
        .isEqualTo(
            "JUL loggable: probe.jul INFO true, probe.jul FINE false, probe.quiet INFO false");
  }

  @Test
  void anUncaughtException_isOneErrorEvent_withItsStackTrace() {
    JsonNode uncaught = only("uncaught");
    assertThat(uncaught.path("level").asText()).isEqualTo("ERROR");
    assertThat(uncaught.path("message").asText()).isEqualTo("uncaught exception in thread doomed");
    assertThat(uncaught.path("stack_trace").asText())
        .contains("IllegalStateException: nobody caught this");
  }

  private static JsonNode only(String logger) {
    List<JsonNode> of = eventsOf(logger);
    assertThat(of).as("events of %s in %s", logger, events).hasSize(1);
    return of.getFirst();
  }

  private static List<JsonNode> eventsOf(String logger) {
    return events.stream().filter(e -> e.path("logger_name").asText().equals(logger)).toList();
  }

  private static List<String> messagesOf(String logger) {
    return eventsOf(logger).stream().map(e -> e.path("message").asText()).toList();
  }

  private static List<String> levelsOf(String logger) {
    return eventsOf(logger).stream().map(e -> e.path("level").asText()).distinct().toList();
  }
}
