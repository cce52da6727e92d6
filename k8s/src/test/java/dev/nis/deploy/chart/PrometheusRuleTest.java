package dev.nis.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.deploy.Repo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's PrometheusRule (templates/prometheusrule.yaml): off unless {@code
 * metrics.prometheusRule.enabled}, and then exactly the rules of alerts/nis-alerts.yml, the file
 * docker compose's Prometheus loads, with Prometheus' own templates ({@code {{ $labels... }}}) left
 * for Prometheus.
 */
class PrometheusRuleTest {
  private static final String RULES = "k8s/chart/nis/alerts/nis-alerts.yml";

  @Test
  void offByDefault_andInProduction() {
    assertThat(NisChart.defaults().ofKind("PrometheusRule")).isEmpty();
    assertThat(NisChart.production().ofKind("PrometheusRule")).isEmpty();
  }

  @Test
  void whenEnabled_itHoldsEveryRuleOfTheOneRulesFile() throws IOException {
    Map<String, String> sets = new LinkedHashMap<>(NisChart.TEST_CREDENTIALS);
    sets.put("metrics.prometheusRule.enabled", "true");
    sets.put("metrics.prometheusRule.labels.release", "kube-prometheus-stack");

    Manifest rule = NisChart.render(List.of(), sets).get("PrometheusRule", "nis-alerts");

    assertThat(rule.apiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.labels())
        .containsEntry("release", "kube-prometheus-stack")
        .containsEntry("app.kubernetes.io/part-of", "nis")
        .containsEntry("app.kubernetes.io/component", "alerts");
    assertThat(KubernetesSchema.metadataProblems(ChartFiles.map(rule.body().get("metadata"))))
        .isEmpty();
    // every rule, expression, duration, label and annotation as the file has it, the rules'
    // own {{ $labels.consumer }} included
    Map<String, Object> file = Repo.yaml(RULES);
    assertThat(ChartFiles.list(file.get("groups"))).isNotEmpty();
    assertThat(rule.spec()).isEqualTo(file);
  }

  @Test
  void aPrefixedRelease_namesItsRuleWithThePrefix() {
    Map<String, String> sets = new LinkedHashMap<>(NisChart.TEST_CREDENTIALS);
    sets.put("metrics.prometheusRule.enabled", "true");
    sets.put("namePrefix", "blue-");

    assertThat(NisChart.render(List.of(), sets).find("PrometheusRule", "blue-nis-alerts"))
        .isPresent();
  }
}
