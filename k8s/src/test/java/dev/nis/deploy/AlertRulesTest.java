package dev.nis.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nis.common.testing.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules, k8s/chart/nis/alerts/nis-alerts.yml: valid for Prometheus ({@code promtool
 * check rules}), every alert unit-tested firing and not firing ({@code promtool test rules} of
 * nis-alerts.test.yml), each with a severity, a {@code for} and a one-line runbook, and loaded by
 * docker compose's Prometheus. That the metrics they name exist is checked by the services'
 * end-to-end tests against their real /metrics ({@code theAlertRules_nameMetricsAndLabels...}).
 */
class AlertRulesTest {
  static final String ALERTS_DIR = "k8s/chart/nis/alerts";
  static final String RULES = ALERTS_DIR + "/nis-alerts.yml";
  private static final String TESTS = ALERTS_DIR + "/nis-alerts.test.yml";

  private static Map<String, Map<String, Object>> alerts;

  @BeforeAll
  static void read() throws IOException {
    alerts = alerts(Repo.yaml(RULES));
  }

  @Test
  void theRulesAreTheAlertsTheReadmeLists() {
    assertThat(alerts.keySet())
        .containsExactly(
            "NisConsumerLagHigh",
            "NisConsumerStalled",
            "NisRedeliveriesHigh",
            "NisDeadLettered",
            "NisHttp5xxRateHigh",
            "NisHttpOverloaded",
            "NisCommandQueueFull",
            "NisLatencyP99High",
            "NisRelationDrift",
            "NisReconciliationFailing");
  }

  @Test
  void promtoolCheckRules_acceptsThem() {
    Promtool.Result result = Promtool.require().run(Repo.root(), "check", "rules", RULES);

    assertThat(result.succeeded()).as(result.output()).isTrue();
    assertThat(result.output()).contains("SUCCESS: " + alerts.size() + " rules found");
  }

  @Test
  void promtoolTestRules_passes() {
    Promtool.Result result =
        Promtool.require()
            .run(Repo.root().resolve(ALERTS_DIR), "test", "rules", "nis-alerts.test.yml");

    assertThat(result.succeeded()).as(result.output()).isTrue();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void theUnitTestsFail_whenARuleChanges() throws IOException {
    Path copy = Files.createTempDirectory("nis-alerts-");
    String rules = Files.readString(Repo.root().resolve(RULES));
    assertThat(rules).contains("max by (consumer) (nis_queue_pending) > 1000");
    Files.writeString(
        copy.resolve("nis-alerts.yml"),
        rules.replace(
            "max by (consumer) (nis_queue_pending) > 1000",
            "max by (consumer) (nis_queue_pending) > 100000"));
    Files.copy(Repo.root().resolve(TESTS), copy.resolve("nis-alerts.test.yml"));

    Promtool.Result result = Promtool.require().run(copy, "test", "rules", "nis-alerts.test.yml");

    assertThat(result.succeeded()).as(result.output()).isFalse();
    assertThat(result.output()).contains("NisConsumerLagHigh");
  }

  @Test
  void everyAlert_isTestedFiringAndNotFiring() throws IOException {
    Map<String, List<Boolean>> fires = new LinkedHashMap<>();
    for (Object test : Repo.list(Repo.yaml(TESTS).get("tests"))) {
      for (Object ruleTest : Repo.list(Repo.map(test).get("alert_rule_test"))) {
        Map<String, Object> check = Repo.map(ruleTest);
        fires
            .computeIfAbsent((String) check.get("alertname"), k -> new ArrayList<>())
            .add(!Repo.list(check.get("exp_alerts")).isEmpty());
      }
    }

    for (String alert : alerts.keySet()) {
      assertThat(fires.get(alert)).as("%s is tested", alert).isNotNull().contains(true, false);
    }
    assertThat(alerts.keySet()).containsAll(fires.keySet());
  }

  @Test
  void everyAlert_hasASeverity_aForDuration_aSummary_andAOneLineRunbook() {
    alerts.forEach(
        (name, rule) -> {
          assertThat(rule).as(name).containsKey("for");
          assertThat(Repo.map(rule.get("labels")).get("severity"))
              .as(name)
              .isIn("warning", "critical");
          Map<String, Object> annotations = Repo.map(rule.get("annotations"));
          assertThat((String) annotations.get("summary")).as(name).isNotBlank();
          assertThat((String) annotations.get("runbook"))
              .as(name)
              .isNotBlank()
              .doesNotContain("\n")
              .hasSizeGreaterThan(60);
        });
  }

  @Test
  void composesPrometheus_loadsTheRulesFromTheChartsFile() throws IOException {
    Map<String, Object> prometheus =
        Repo.map(Repo.map(Repo.yaml("docker-compose.yml").get("services")).get("prometheus"));
    String mountPoint = null;
    for (Object volume : Repo.list(prometheus.get("volumes"))) {
      String[] parts = ((String) volume).split(":");
      if (parts[0].equals("./" + ALERTS_DIR)) {
        mountPoint = parts[1];
      }
    }
    assertThat(mountPoint).as("compose mounts ./%s into Prometheus", ALERTS_DIR).isNotNull();

    List<Object> ruleFiles = Repo.list(Repo.yaml("k8s/compose/prometheus.yml").get("rule_files"));

    assertThat(ruleFiles).containsExactly(mountPoint + "/nis-alerts.yml");
  }

  @Test
  void composesPrometheusConfig_passesPromtoolCheckConfig_withTheRules() throws IOException {
    Path dir = Files.createTempDirectory("nis-prometheus-");
    String config = Files.readString(Repo.root().resolve("k8s/compose/prometheus.yml"));
    Files.writeString(
        dir.resolve("prometheus.yml"),
        config.replace("/etc/prometheus/rules/", Repo.root().resolve(ALERTS_DIR) + "/"));

    Promtool.Result result = Promtool.require().run(dir, "check", "config", "prometheus.yml");

    assertThat(result.succeeded()).as(result.output()).isTrue();
    assertThat(result.output()).contains("SUCCESS: " + alerts.size() + " rules found");
  }

  /** The alerting rules by name, in file order; recording rules have none here. */
  static Map<String, Map<String, Object>> alerts(Map<String, Object> rulesFile) {
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    for (Object group : Repo.list(rulesFile.get("groups"))) {
      for (Object rule : Repo.list(Repo.map(group).get("rules"))) {
        Map<String, Object> r = Repo.map(rule);
        assertThat(r).containsKey("alert");
        assertThat(byName.put((String) r.get("alert"), r)).as("one rule per alert").isNull();
      }
    }
    assertThat(Set.copyOf(byName.keySet())).isNotEmpty();
    return byName;
  }
}
