package dev.nis.common.observation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The logging context a call's line carries when its stage completes on another thread. */
class CallObservationTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CallObservation observation = new CallObservation(registry, "probe", "http");
  private final Logger logger = (Logger) LoggerFactory.getLogger("nis.probe");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  /** Completes the calls' stages, as lettuce's thread completes a Redis reply. */
  private final ExecutorService other = Executors.newSingleThreadExecutor();

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
    other.shutdownNow();
    MDC.clear();
  }

  @Test
  void aReadThatFailsOnAnotherThread_logsWithItsRequestIdTransportAndMethod() {
    MDC.put("request_id", "req-1");

    String answer =
        observeCompletedElsewhere(
            "getProbe",
            false,
            reply -> reply.completeExceptionally(new IllegalStateException("x")));

    assertThat(answer).isNull();
    ILoggingEvent line = onlyLine();
    assertThat(line.getLevel()).isEqualTo(Level.ERROR);
    assertThat(line.getThreadName()).isNotEqualTo(Thread.currentThread().getName());
    assertThat(line.getMDCPropertyMap())
        .containsEntry("request_id", "req-1")
        .containsEntry("transport", "http")
        .containsEntry("method", "getProbe");
    assertThat(MDC.get("method")).as("the caller's context is left as it was").isNull();
    assertThat(registry.get("nis.service.calls").tag("error", "true").timer().count()).isEqualTo(1);
  }

  @Test
  void aReadThatSucceeds_logsNothingAboveDebug() {
    MDC.put("request_id", "req-2");

    String answer = observeCompletedElsewhere("getProbe", false, reply -> reply.complete("answer"));

    assertThat(answer).isEqualTo("answer");
    assertThat(lines.list).isEmpty();
    assertThat(registry.get("nis.service.calls").tag("error", "false").timer().count())
        .isEqualTo(1);
  }

  @Test
  void aReadLoggedAtDebug_carriesTheCallersWholeContext() {
    logger.setLevel(Level.DEBUG);
    MDC.put("request_id", "req-3");
    MDC.put("operation_id", "op-3");

    observeCompletedElsewhere("getProbe", false, reply -> reply.complete("answer"));

    assertThat(onlyLine().getMDCPropertyMap())
        .containsEntry("request_id", "req-3")
        .containsEntry("operation_id", "op-3")
        .containsEntry("method", "getProbe");
  }

  @Test
  void aMutation_carriesTheCallersWholeContext() {
    MDC.put("request_id", "req-4");
    MDC.put("operation_id", "op-4");

    observeCompletedElsewhere("submitProbe", true, reply -> reply.complete("queued"));

    ILoggingEvent line = onlyLine();
    assertThat(line.getLevel()).isEqualTo(Level.INFO);
    assertThat(line.getMDCPropertyMap())
        .containsEntry("request_id", "req-4")
        .containsEntry("operation_id", "op-4")
        .containsEntry("transport", "http");
  }

  /**
   * Observes a call whose stage {@link #other} completes after the call has returned, as lettuce's
   * thread completes a Redis reply; its value (null once it failed) after its logging has run.
   */
  private String observeCompletedElsewhere(
      String method, boolean mutation, Consumer<CompletableFuture<String>> complete) {
    CompletableFuture<String> reply = new CompletableFuture<>();
    CompletionStage<String> answer = observation.observeAsync(method, "", mutation, () -> reply);
    other.execute(() -> complete.accept(reply));
    return waitFor(answer);
  }

  private ILoggingEvent onlyLine() {
    assertThat(lines.list).hasSize(1);
    return lines.list.getFirst();
  }

  /** The stage's value, or null once it failed, after its logging has run. */
  private static <T> T waitFor(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (RuntimeException failed) {
      return null;
    }
  }
}
