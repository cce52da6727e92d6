package dev.nis.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nis.common.config.ConfigException;
import dev.nis.common.testing.Ports;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The OTEL_* autoconfiguration as the services get it (system properties stand in for env). */
class TracingTest {
  @Test
  void withoutOtelVariables_nothingIsExported_andNoSpanIsMade() {
    try (Tracing tracing = Tracing.fromEnvironment("courses")) {
      Span span = tracing.tracer().spanBuilder("call").startSpan();
      assertThat(span.getSpanContext().isValid()).as("a no-op span").isFalse();
      assertThat(span.isRecording()).isFalse();
      span.end();
      assertThat(tracing.makesSpans()).as("so the library instrumentations stay out").isFalse();
    }
    assertThat(Tracing.off().makesSpans()).isFalse();
  }

  @Test
  void withoutOtelVariables_anArrivingTraceparent_travelsOn() {
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    try (Tracing tracing = Tracing.fromEnvironment("courses")) {
      Context arrived =
          tracing.extract(Context.root(), Map.of("traceparent", traceparent), MapGetter.INSTANCE);
      assertThat(Span.fromContext(arrived).getSpanContext().getTraceId())
          .isEqualTo("0af7651916cd43dd8448eb211c80319c");
      Map<String, String> out = new HashMap<>();
      tracing
          .openTelemetry()
          .getPropagators()
          .getTextMapPropagator()
          .inject(arrived, out, Map::put);
      assertThat(out).containsEntry("traceparent", traceparent);
    }
  }

  @Test
  void configured_byAnyOtelVariableOrProperty() {
    assertThat(Tracing.configured(Map.of("PATH", "/bin"), Set.of("java.version"))).isFalse();
    assertThat(Tracing.configured(Map.of("OTEL_SERVICE_NAME", "x"), Set.of())).isTrue();
    assertThat(Tracing.configured(Map.of(), Set.of("otel.traces.exporter"))).isTrue();
  }

  /** Reads a carrier that is a map. */
  private enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }

  @Test
  void otlpAsked_makesRecordedSpans() throws Exception {
    // OTLP over HTTP (the JDK's client), to a port nobody listens on: the export fails quietly
    System.setProperty("otel.traces.exporter", "otlp");
    System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + Ports.closed());
    try (Tracing tracing = Tracing.fromEnvironment("courses")) {
      Span span = tracing.tracer().spanBuilder("call").startSpan();
      assertThat(span.getSpanContext().isValid()).isTrue();
      assertThat(span.isRecording()).isTrue();
      span.end();
      assertThat(tracing.makesSpans()).isTrue();
    } finally {
      System.clearProperty("otel.traces.exporter");
      System.clearProperty("otel.exporter.otlp.endpoint");
    }
  }

  @Test
  void anUnknownExporter_stopsStartUp_namingTheSetting() {
    System.setProperty("otel.traces.exporter", "carrier-pigeon");
    try {
      assertThatThrownBy(() -> Tracing.fromEnvironment("courses"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("OTEL_TRACES_EXPORTER")
          .hasMessageNotContaining("otel.traces.exporter")
          .hasMessageContaining("carrier-pigeon");
    } finally {
      System.clearProperty("otel.traces.exporter");
    }
  }
}
