package dev.nis.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PromQL of the Grafana dashboard (the file compose mounts and the Helm chart ships) and
 * checks it against a service's /metrics text: every metric it names is exported, with every label
 * it groups by, filters on or shows in a legend. Labels added at scrape time ({@code job}, {@code
 * instance}, {@code track}) and the histogram's {@code le} are not the service's.
 */
public final class DashboardQueries {
  /** Relative to a service module's directory, where its tests run. */
  public static final Path DASHBOARD = Path.of("../k8s/chart/nis/dashboards/nis-overview.json");

  private static final Pattern METRIC = Pattern.compile("\\b((?:nis|jvm)_[a-z0-9_]+)\\b");
  private static final Pattern GROUPING = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
  private static final Pattern MATCHER = Pattern.compile("([a-z_]+)\\s*=~?\\s*\"");
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

  /**
   * Labels a query may use that the service does not export: {@code job} and {@code instance},
   * which Prometheus adds to every scrape; {@code track} (stable | canary), which the scrape
   * configuration adds (compose's Prometheus jobs, the chart's pod label mapped by the
   * kubernetes-pods job); the histogram's {@code le}.
   */
  private static final Set<String> ADDED_BY_PROMETHEUS = Set.of("job", "instance", "track", "le");

  /** The GC pause timer's series, which exist only after the first collection. */
  public static final Set<String> GC_PAUSES =
      Set.of("jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_count");

  /**
   * The reconciliation's metrics: only the courses service runs it (README.md, "Reconciliation"),
   * so the students service's checks leave them out.
   */
  public static final Set<String> COURSES_ONLY =
      Set.of(
          "nis_relation_drift",
          "nis_relation_repairs_total",
          "nis_relation_unsettled",
          "nis_reconciliation_runs_total");

  private DashboardQueries() {}

  /** One query of a panel. */
  public record Query(String panel, String expr, String legend) {
    public Set<String> metrics() {
      return all(METRIC, expr);
    }

    /**
     * Labels the query groups by, filters on or names in its legend, less those Prometheus adds.
     */
    public Set<String> labels() {
      Set<String> labels = new LinkedHashSet<>();
      Matcher by = GROUPING.matcher(expr);
      while (by.find()) {
        for (String label : by.group(1).split(",")) {
          labels.add(label.trim());
        }
      }
      labels.addAll(all(MATCHER, expr));
      labels.addAll(all(LEGEND_LABEL, legend));
      labels.removeAll(ADDED_BY_PROMETHEUS);
      labels.remove("");
      return labels;
    }
  }

  public static List<Query> read() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        if (!target.has("expr")) {
          // not a PromQL query (the traces panel asks Jaeger): no metric to look for
          continue;
        }
        queries.add(
            new Query(
                panel.path("title").asText(),
                target.path("expr").asText(),
                target.path("legendFormat").asText()));
      }
    }
    return queries;
  }

  /**
   * What the dashboard asks for that the exposition lacks, as readable lines; empty when every
   * metric is there with every label. {@code skipped} names metric families that appear only after
   * an event the test cannot force (e.g. the first garbage collection).
   */
  public static List<String> missingFrom(String exposition, Set<String> skipped)
      throws IOException {
    return missingFrom(read(), exposition, skipped);
  }

  /**
   * What {@code queries} ask for that the exposition lacks: the same check for any PromQL (the
   * alerting rules' expressions too, {@link AlertRules}); {@link Query#panel()} names where each
   * query comes from.
   */
  public static List<String> missingFrom(
      List<Query> queries, String exposition, Set<String> skipped) {
    List<String> samples = exposition.lines().filter(l -> !l.startsWith("#")).toList();
    List<String> missing = new ArrayList<>();
    for (Query query : queries) {
      for (String metric : query.metrics()) {
        if (skipped.contains(metric)) {
          continue;
        }
        List<String> ofMetric =
            samples.stream()
                .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
                .toList();
        if (ofMetric.isEmpty()) {
          missing.add(query.panel() + ": no samples of " + metric);
          continue;
        }
        for (String label : query.labels()) {
          if (ofMetric.stream().noneMatch(l -> l.contains(label + "=\""))) {
            missing.add(query.panel() + ": " + metric + " has no label " + label);
          }
        }
      }
    }
    return missing;
  }

  private static Set<String> all(Pattern pattern, String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
