package dev.nis.common.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import dev.nis.common.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLogConfiguratorTest {
  private static final String QUIET = "nis.test.quiet";

  /** A service's configurator, as courses and students declare theirs. */
  static final class ProbeConfigurator extends JsonLogConfigurator {
    ProbeConfigurator() {
      super("probe", List.of(QUIET));
    }
  }

  @Test
  void rootLevel_takesLevelNamesInAnyCase_andBlankAsInfo() {
    assertThat(JsonLogConfigurator.rootLevel("warn")).isEqualTo(Level.WARN);
    assertThat(JsonLogConfigurator.rootLevel(" Debug ")).isEqualTo(Level.DEBUG);
    assertThat(JsonLogConfigurator.rootLevel("OFF")).isEqualTo(Level.OFF);
    assertThat(JsonLogConfigurator.rootLevel(null)).isEqualTo(Level.INFO);
    assertThat(JsonLogConfigurator.rootLevel("  ")).isEqualTo(Level.INFO);
  }

  @Test
  void rootLevel_refusesWhatIsNotALevel_namingTheVariable() {
    assertThatThrownBy(() -> JsonLogConfigurator.rootLevel("verbose"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("LOG_LEVEL")
        .hasMessageContaining("verbose");
  }

  @Test
  @SuppressWarnings("unchecked")
  void apply_chainsOtelAsyncAndStdout_andQuietsTheLibraries() {
    LoggerContext context = new LoggerContext();
    try {
      new ProbeConfigurator().apply(context, Level.DEBUG);

      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(context.getLogger(QUIET).getLevel()).isEqualTo(Level.WARN);
      assertThat(java.util.logging.Logger.getLogger(QUIET).getLevel())
          .as("JUL's level follows logback's")
          .isEqualTo(java.util.logging.Level.WARNING);
      var otel = (AppenderAttachable<ILoggingEvent>) root.getAppender("OTEL");
      var async = (AppenderAttachable<ILoggingEvent>) otel.getAppender("ASYNC");
      assertThat(async.getAppender("STDOUT")).isInstanceOf(StdoutAppender.class);
      assertThat(async.getAppender("STDOUT").isStarted()).isTrue();
    } finally {
      context.stop();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void stoppingTheContext_writesOutTheLinesStillQueued_andOnlyThenReturns() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    new ProbeConfigurator().apply(context, Level.INFO);
    var otel =
        (AppenderAttachable<ILoggingEvent>)
            context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("OTEL");
    var async = (AppenderAttachable<ILoggingEvent>) otel.getAppender("ASYNC");
    var stdout = (OutputStreamAppender<ILoggingEvent>) async.getAppender("STDOUT");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    stdout.setOutputStream(out);

    Logger logger = context.getLogger("nis.test.last");
    for (int i = 0; i < 100; i++) {
      logger.info("line {}", i);
    }
    // what a service does last before it exits (JsonConsole.stopLogging)
    context.stop();

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(100);
    assertThat(lines.getLast()).contains("\"message\":\"line 99\"");
  }

  @Test
  void configure_stepsAside_forALogbackTestXmlOnTheClassPath() {
    LoggerContext context = new LoggerContext();
    ProbeConfigurator configurator = new ProbeConfigurator();
    configurator.setContext(context);

    assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
        .isFalse();
  }
}
