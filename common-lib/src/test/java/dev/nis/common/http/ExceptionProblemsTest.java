package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.observation.CallObservation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A failed request is one line: the port call's observation logs its failure, and the HTTP edge
 * that answers it with a problem does not log it again; a failure that came through no port call is
 * logged by the edge.
 */
class ExceptionProblemsTest {
  private final Logger edge = (Logger) LoggerFactory.getLogger(ExceptionProblems.class);
  private final Logger port = (Logger) LoggerFactory.getLogger("nis.probe");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    for (Logger logger : List.of(edge, port)) {
      logger.addAppender(lines);
      logger.setLevel(Level.INFO);
    }
  }

  @AfterEach
  void release() {
    for (Logger logger : List.of(edge, port)) {
      logger.detachAppender(lines);
      logger.setLevel(null);
    }
  }

  @Test
  void aFailureThePortCallLogged_isAnsweredWithoutASecondLine() {
    CallObservation observation = new CallObservation(new SimpleMeterRegistry(), "probe", "http");
    DependencyUnavailableException down = new DependencyUnavailableException("nats", "closed");
    assertThatThrownBy(
            () ->
                observation.observe(
                    "accept",
                    "",
                    true,
                    () -> {
                      throw down;
                    }))
        .isSameAs(down);

    Response answer = ExceptionProblems.toResponse(down, "req-1");

    assertThat(answer.status()).isEqualTo(503);
    assertThat(lines.list).hasSize(1);
    assertThat(lines.list.getFirst().getLoggerName()).isEqualTo("nis.probe");
  }

  @Test
  void aFailureOfNoPortCall_isLoggedByTheEdge() {
    Response answer =
        ExceptionProblems.toResponse(new DependencyUnavailableException("nats", "closed"), "req-2");

    assertThat(answer.status()).isEqualTo(503);
    assertThat(lines.list).hasSize(1);
    assertThat(lines.list.getFirst().getLevel()).isEqualTo(Level.WARN);
    assertThat(lines.list.getFirst().getLoggerName()).isEqualTo(ExceptionProblems.class.getName());
  }
}
