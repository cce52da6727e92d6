package dev.nis.common.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.LifeCycle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A service's logging configuration, as it is shipped ({@code JsonLogConfigurator}), writing into
 * memory instead of the standard output: lines logged inside a span and outside any, read back as
 * JSON. The services' {@code LogTraceIdsTest} hold their configuration to "every line inside a span
 * carries its trace_id and span_id".
 */
public final class LogLinesInSpans {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The lines, the span they were logged in (null: outside any), in order. */
  public record Line(JsonNode json, Span span) {}

  private LogLinesInSpans() {}

  /**
   * Configures a fresh logger context with {@code configuration}, whose root must log through the
   * appender {@code OTEL} wrapping {@code ASYNC} wrapping {@code STDOUT}, and logs one line inside
   * a span, one in a child span, and one outside.
   */
  public static List<Line> log(Consumer<LoggerContext> configuration) throws Exception {
    LoggerContext context = new LoggerContext();
    // what SLF4J's service provider gives the default context; the MDC appender reads it
    context.setMDCAdapter(new LogbackMDCAdapter());
    try {
      configuration.accept(context);
      Capture capture = capture(context);
      ByteArrayOutputStream out = capture.out();
      Logger logger = context.getLogger("nis.test");
      List<Span> spans = new ArrayList<>();
      // a processor, since an SDK without one hands out the no-op tracer
      try (SdkTracerProvider provider =
          SdkTracerProvider.builder()
              .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
              .build()) {
        var tracer = provider.get("test");
        Span outer = tracer.spanBuilder("outer").startSpan();
        try (Scope a = outer.makeCurrent()) {
          logger.info("inside a span");
          spans.add(outer);
          Span inner = tracer.spanBuilder("inner").startSpan();
          try (Scope b = inner.makeCurrent()) {
            logger.warn("inside a child span");
            spans.add(inner);
          } finally {
            inner.end();
          }
        } finally {
          outer.end();
        }
        logger.info("outside any span");
        spans.add(null);
      }
      // the lines are written on the asynchronous appender's thread: stopping it writes them out
      capture.async().stop();
      String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
      List<Line> read = new ArrayList<>();
      for (int i = 0; i < lines.length; i++) {
        read.add(new Line(JSON.readTree(lines[i]), spans.get(i)));
      }
      return read;
    } finally {
      context.stop();
    }
  }

  private record Capture(ByteArrayOutputStream out, LifeCycle async) {}

  @SuppressWarnings("unchecked")
  private static Capture capture(LoggerContext context) {
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var otel = (AppenderAttachable<ILoggingEvent>) root.getAppender("OTEL");
    if (otel == null) {
      throw new AssertionError("the root logger has no appender OTEL (the trace ids' appender)");
    }
    var async = (AppenderAttachable<ILoggingEvent>) otel.getAppender("ASYNC");
    if (async == null) {
      throw new AssertionError("OTEL wraps no appender ASYNC (the one that writes off the caller)");
    }
    var stdout = (OutputStreamAppender<ILoggingEvent>) async.getAppender("STDOUT");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    stdout.setOutputStream(out);
    return new Capture(out, (LifeCycle) async);
  }
}
