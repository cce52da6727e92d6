package dev.nis.common.redis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RedisOutageLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(RedisOutageLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private long now;
  private final RedisOutageLog outage = new RedisOutageLog("127.0.0.1:6379", () -> now);

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
    logger.setLevel(Level.INFO);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    logger.setLevel(null);
  }

  @Test
  void aMinuteOfFailedReconnects_isAFewLines() {
    outage.connected(); // the first connection: no outage to end
    outage.disconnected();
    for (int attempt = 1; attempt <= 60; attempt++) { // a minute of attempts a second apart
      now += Duration.ofSeconds(1).toNanos();
      outage.attemptFailed(attempt, "Connection refused");
    }
    outage.connected();

    List<String> logged =
        lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    assertThat(logged)
        .containsExactly(
            "WARN Redis connection to 127.0.0.1:6379 lost; reads go to the database and applying"
                + " waits until it is back, reconnecting",
            "WARN Redis at 127.0.0.1:6379 still unreachable after 30 s (30 reconnect attempts;"
                + " the last: Connection refused)",
            "WARN Redis at 127.0.0.1:6379 still unreachable after 60 s (60 reconnect attempts;"
                + " the last: Connection refused)",
            "INFO Redis connection to 127.0.0.1:6379 back after 60000 ms (60 reconnect attempts)");
  }

  @Test
  void aSecondDisconnection_inTheSameOutage_isNoNewLine() {
    outage.disconnected();
    outage.disconnected();

    assertThat(lines.list).hasSize(1);
  }
}
