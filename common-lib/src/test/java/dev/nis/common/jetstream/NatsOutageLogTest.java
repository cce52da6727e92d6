package dev.nis.common.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class NatsOutageLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(NatsOutageLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private long now;
  private final NatsOutageLog outage = new NatsOutageLog(() -> now);

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
    logger.setLevel(Level.INFO);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void aMinuteOfFailedReconnects_isAFewLines_notTwoPerAttempt() {
    outage.connected("connected");
    for (int attempt = 0; attempt < 240; attempt++) { // 60 s of attempts 250 ms apart
      outage.disconnected();
      outage.exception(new IOException("connect", new ConnectException("Connection refused")));
      now += Duration.ofMillis(250).toNanos();
    }
    outage.connected("reconnected");

    List<String> logged =
        lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    assertThat(logged)
        .containsExactly(
            "INFO NATS connection connected",
            "WARN NATS connection disconnected; reconnecting every 250 ms",
            "WARN NATS still unreachable after 30 s (120 reconnect attempts)",
            "INFO NATS connection reconnected after 60000 ms (239 attempts)");
  }

  @Test
  void anExceptionOutsideAnOutage_orNotAConnectFailure_isAWarning() {
    outage.exception(new ConnectException("Connection refused"));
    outage.disconnected();
    outage.exception(new IllegalStateException("Output queue is full"));

    assertThat(
            lines.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage))
        .containsExactly(
            "NATS exception: java.net.ConnectException: Connection refused",
            "NATS connection disconnected; reconnecting every 250 ms",
            "NATS exception: java.lang.IllegalStateException: Output queue is full");
  }
}
