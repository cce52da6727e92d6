package dev.nis.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Prometheus alerting rules (k8s/chart/nis/alerts/nis-alerts.yml: what docker compose's
 * Prometheus loads and the Helm chart ships as a PrometheusRule), read as PromQL queries so that a
 * service's end-to-end test can check them against its /metrics text as it checks the dashboard's
 * ({@link DashboardQueries}): every {@code nis_} and {@code jvm_} metric an alert names is
 * exported, with every label it groups by or filters on. Kong's metrics ({@code kong_*}) are not a
 * service's and are not checked here.
 */
public final class AlertRules {
  /** Relative to a service module's directory, where its tests run. */
  public static final Path RULES = Path.of("../k8s/chart/nis/alerts/nis-alerts.yml");

  private AlertRules() {}

  /** Each alert's expression, as a query named after the alert. */
  public static List<DashboardQueries.Query> read() throws IOException {
    JsonNode file = new YAMLMapper().readTree(RULES.toFile());
    List<DashboardQueries.Query> queries = new ArrayList<>();
    for (JsonNode group : file.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name =
            rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
        queries.add(new DashboardQueries.Query(name, rule.path("expr").asText(), ""));
      }
    }
    return queries;
  }

  /** What the alerts ask for that the exposition lacks, as readable lines; empty when nothing. */
  public static List<String> missingFrom(String exposition) throws IOException {
    return missingFrom(exposition, Set.of());
  }

  /**
   * The same, leaving out the metric families {@code skipped} (e.g. {@link
   * DashboardQueries#COURSES_ONLY} for the students service).
   */
  public static List<String> missingFrom(String exposition, Set<String> skipped)
      throws IOException {
    List<DashboardQueries.Query> queries = read();
    if (queries.isEmpty()) {
      throw new IllegalStateException("no rules in " + RULES.toAbsolutePath());
    }
    return DashboardQueries.missingFrom(queries, exposition, skipped);
  }
}
