package dev.nis.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's tracing settings: the services' OTEL_* variables (ConfigMap) and the optional Jaeger
 * all-in-one (templates/jaeger.yaml) they export to.
 */
class TracingChartTest {
  private static final List<String> SERVICES = List.of("courses", "students");

  @Test
  void offByDefault_noExporterIsConfigured_andNoJaegerRuns() {
    Rendered chart = NisChart.defaults();
    for (String service : SERVICES) {
      assertThat(config(chart, service).keySet())
          .as(service)
          .noneMatch(name -> name.startsWith("OTEL_"));
    }
    assertThat(chart.find("Deployment", "jaeger")).isEmpty();
  }

  @Test
  void withTheReleasesJaeger_bothServicesExportToIt_overOtlpHttp() {
    Rendered chart = render(Map.of("tracing.enabled", "true", "tracing.jaeger.enabled", "true"));

    for (String service : SERVICES) {
      assertThat(config(chart, service))
          .as(service)
          .containsEntry("OTEL_TRACES_EXPORTER", "otlp")
          .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318")
          .containsEntry("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
          .containsEntry("OTEL_TRACES_SAMPLER_ARG", "1.0");
    }
    Manifest service = chart.get("Service", "jaeger");
    assertThat(ChartFiles.list(service.spec().get("ports")))
        .extracting(
            port -> ChartFiles.map(port).get("name") + ":" + ChartFiles.map(port).get("port"))
        .contains("otlp-http:4318", "query:16686");
    Manifest jaeger = chart.get("Deployment", "jaeger");
    assertThat(ChartFiles.map(service.spec().get("selector"))).isEqualTo(jaeger.podLabels());
    Map<String, Object> container = jaeger.containers().getFirst();
    assertThat(container.get("image")).isEqualTo("jaegertracing/jaeger:2.10.0");
    assertThat(ChartFiles.list(container.get("env")))
        .contains(Map.of("name", "JAEGER_LISTEN_HOST", "value", "0.0.0.0"));
    assertThat(ChartFiles.map(container.get("securityContext")))
        .containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("allowPrivilegeEscalation", false);
    assertThat(ChartFiles.map(jaeger.podSpec().get("securityContext")))
        .containsEntry("runAsNonRoot", true);
    for (Manifest object : List.of(jaeger, service)) {
      assertThat(KubernetesSchema.problems(object.body())).as(object.toString()).isEmpty();
    }
  }

  @Test
  void anEndpointAndARatioOfTheirOwn_areTakenAsGiven_withoutAJaeger() {
    Rendered chart =
        render(
            Map.of(
                "tracing.enabled", "true",
                "tracing.otlpEndpoint", "http://otel-collector.monitoring:4318",
                "tracing.sampleRatio", "0.25",
                "namePrefix", "blue-"));

    assertThat(config(chart, "blue-courses"))
        .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.monitoring:4318")
        .containsEntry("OTEL_TRACES_SAMPLER_ARG", "0.25");
    assertThat(chart.find("Deployment", "blue-jaeger")).isEmpty();
  }

  @Test
  void aPrefixedRelease_exportsToItsOwnJaeger() {
    Rendered chart =
        render(
            Map.of(
                "tracing.enabled", "true",
                "tracing.jaeger.enabled", "true",
                "namePrefix", "blue-"));

    assertThat(config(chart, "blue-students"))
        .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://blue-jaeger:4318");
    assertThat(chart.find("Service", "blue-jaeger")).isPresent();
  }

  @Test
  void tracingWithoutAnEndpointOrAJaeger_failsTheRender_sayingWhat() {
    assertThatThrownBy(() -> render(Map.of("tracing.enabled", "true")))
        .hasMessageContaining("tracing.otlpEndpoint or tracing.jaeger.enabled");
  }

  @Test
  void aRatioOutsideZeroToOne_failsTheRender() {
    assertThatThrownBy(
            () ->
                render(
                    Map.of(
                        "tracing.enabled", "true",
                        "tracing.jaeger.enabled", "true",
                        "tracing.sampleRatio", "1.5")))
        .hasMessageContaining("sampleRatio");
  }

  private static Rendered render(Map<String, String> tracing) {
    Map<String, String> sets = new LinkedHashMap<>(NisChart.TEST_CREDENTIALS);
    sets.putAll(tracing);
    return NisChart.render(List.of(), sets);
  }

  private static Map<String, Object> config(Rendered chart, String service) {
    return ChartFiles.map(chart.get("ConfigMap", service + "-config").body().get("data"));
  }
}
