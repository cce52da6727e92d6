package dev.nis.common.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.read.ListAppender;
import dev.nis.common.application.DependencyUnavailableException;
import dev.nis.common.domain.StoredDataException;
import dev.nis.common.domain.ValidationException;
import dev.nis.common.tracing.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
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

  @Test
  void aFailedCall_isLoggedInItsOwnSpanWithItsTransportAndMethod_andMarkedLogged() {
    try (Traced traced = new Traced()) {
      DependencyUnavailableException down = new DependencyUnavailableException("nats", "closed");
      AtomicReference<String> callSpan = new AtomicReference<>();

      assertThatThrownBy(
              () ->
                  traced.observation.observe(
                      "accept",
                      "",
                      true,
                      () -> {
                        callSpan.set(Span.current().getSpanContext().getSpanId());
                        throw down;
                      }))
          .isSameAs(down);

      ILoggingEvent line = onlyLine();
      assertThat(callSpan.get()).isNotEqualTo(SpanId.getInvalid());
      assertThat(line.getLevel()).isEqualTo(Level.WARN);
      assertThat(line.getMDCPropertyMap())
          .containsEntry("transport", "http")
          .containsEntry("method", "accept");
      assertThat(traced.spansOfLines).containsExactly(callSpan.get());
      assertThat(LoggedFailures.logged(down)).isTrue();
      assertThat(LoggedFailures.logged(new DependencyUnavailableException("nats", "x"))).isFalse();
    }
  }

  @Test
  void aReadFailingOnAnotherThread_isLoggedInItsOwnSpan() {
    try (Traced traced = new Traced()) {
      AtomicReference<String> callSpan = new AtomicReference<>();
      CompletableFuture<String> reply = new CompletableFuture<>();
      CompletionStage<String> answer =
          traced.observation.observeAsync(
              "getProbe",
              "",
              false,
              () -> {
                callSpan.set(Span.current().getSpanContext().getSpanId());
                return reply;
              });
      other.execute(() -> reply.completeExceptionally(new IllegalStateException("x")));
      waitFor(answer);

      assertThat(onlyLine().getLevel()).isEqualTo(Level.ERROR);
      assertThat(callSpan.get()).isNotEqualTo(SpanId.getInvalid());
      assertThat(traced.spansOfLines).containsExactly(callSpan.get());
    }
  }

  @Test
  void aStoredValueTheRulesRefuse_isAWarnNamingIt_withoutAStackTrace() {
    StoredDataException broken =
        new StoredDataException(
            "student", "s-1", new ValidationException("first_name", "must not hold a tab"));

    assertThatThrownBy(
            () ->
                observation.observe(
                    "getStudent",
                    "",
                    false,
                    () -> {
                      throw broken;
                    }))
        .isSameAs(broken);

    ILoggingEvent line = onlyLine();
    assertThat(line.getLevel()).isEqualTo(Level.WARN);
    assertThat(line.getFormattedMessage()).contains("student s-1").contains("first_name");
    assertThat(line.getThrowableProxy()).isNull();
  }

  /**
   * An observation making real spans (the SDK, exported to memory), and the id of the span current
   * when each line of {@link #logger} was appended: what OpenTelemetry's logback appender writes as
   * the line's {@code span_id}.
   */
  private final class Traced implements AutoCloseable {
    final OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
                    .build())
            .build();
    final CallObservation observation =
        new CallObservation(registry, "probe", "http", Tracing.of(sdk));
    final List<String> spansOfLines = new CopyOnWriteArrayList<>();
    final AppenderBase<ILoggingEvent> spanOfLine =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            spansOfLines.add(Span.current().getSpanContext().getSpanId());
          }
        };

    Traced() {
      spanOfLine.start();
      logger.addAppender(spanOfLine);
    }

    @Override
    public void close() {
      logger.detachAppender(spanOfLine);
      sdk.close();
    }
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
