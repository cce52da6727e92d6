package dev.nis.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LineLoggingStreamTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("stdout");
  private final List<ILoggingEvent> events = new ArrayList<>();
  private final ByteArrayOutputStream fallback = new ByteArrayOutputStream();
  private PrintStream stream;

  @BeforeEach
  void collectEvents() {
    AppenderBase<ILoggingEvent> appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            events.add(event);
          }
        };
    appender.setContext(context);
    appender.start();
    logger.addAppender(appender);
    stream =
        new PrintStream(
            new LineLoggingStream(logger, Level.WARN, fallback), true, StandardCharsets.UTF_8);
  }

  @Test
  void eachLine_isOneEvent_atTheStreamsLevel() {
    stream.print("one\ntwo\r\nthr");
    stream.print("ee\n");

    assertThat(messages()).containsExactly("one", "two", "three");
    assertThat(events).allSatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("WARN"));
  }

  @Test
  void aPartLine_waitsForItsEnd_evenWhenFlushed_andIsLoggedOnClose() {
    stream.print("no end yet");
    stream.flush();
    assertThat(events).isEmpty();

    stream.close();
    assertThat(messages()).containsExactly("no end yet");
  }

  @Test
  void blankLines_areDropped() {
    stream.print("\n  \n\t\r\nword\n\n");

    assertThat(messages()).containsExactly("word");
  }

  @Test
  void textIsDecodedAsUtf8() {
    stream.println("Noether – Ωmega ✓");

    assertThat(messages()).containsExactly("Noether – Ωmega ✓");
  }

  @Test
  void aLineLongerThanTheLimit_isLoggedInPieces() {
    String longLine = "x".repeat(LineLoggingStream.MAX_LINE * 2 + 10);

    stream.println(longLine);

    assertThat(messages())
        .containsExactly(
            "x".repeat(LineLoggingStream.MAX_LINE),
            "x".repeat(LineLoggingStream.MAX_LINE),
            "x".repeat(10));
  }

  @Test
  void aLineWrittenWhileLogging_goesToTheFallback_notBackToTheLogger() {
    AppenderBase<ILoggingEvent> echoing =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            stream.println("echo of " + event.getFormattedMessage());
          }
        };
    echoing.setContext(context);
    echoing.start();
    logger.addAppender(echoing);

    stream.println("first");

    assertThat(messages()).containsExactly("first");
    assertThat(fallback.toString(StandardCharsets.UTF_8)).isEqualTo("echo of first\n");
  }

  private List<String> messages() {
    return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
