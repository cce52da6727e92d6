package dev.nis.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code helm lint --strict} through Helm's own library. Helm lints a chart with its values.yaml
 * only (no --set or -f in helm-java's lint), so the runs with credentials or with production.yaml
 * lint a copy of the chart whose values.yaml is the merged values.
 *
 * <p>Warnings are errors here (strict). The one message allowed is the INFO that Chart.yaml has no
 * icon: the chart is not published to a repository with a catalogue page.
 */
class ChartLintTest {
  private static final String NO_ICON = "[INFO] Chart.yaml: icon is recommended";

  @Test
  void chartAsCommitted_lintsClean() {
    // Without credentials Helm stops rendering at the first fail/required and logs it as INFO
    // (values may come at install); ChartValuesTest checks that a render names them.
    LintResult result = new Helm(ChartFiles.chart()).lint().strict().call();

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).as("lint messages").isSubsetOf(List.of(NO_ICON));
  }

  @Test
  void defaultValuesWithCredentials_lintClean() throws IOException {
    Map<String, Object> values = ChartFiles.readYaml(ChartFiles.chart().resolve("values.yaml"));
    Map<String, Object> sets = Map.of();
    for (Map.Entry<String, String> set : NisChart.TEST_CREDENTIALS.entrySet()) {
      sets = ChartFiles.merge(sets, nested(set.getKey(), set.getValue()));
    }
    assertLintsClean(ChartFiles.merge(values, sets));
  }

  @Test
  void withThePrometheusRule_lintsClean() throws IOException {
    Map<String, Object> values = ChartFiles.readYaml(ChartFiles.chart().resolve("values.yaml"));
    Map<String, Object> sets = nested("metrics.prometheusRule.enabled", true);
    for (Map.Entry<String, String> set : NisChart.TEST_CREDENTIALS.entrySet()) {
      sets = ChartFiles.merge(sets, nested(set.getKey(), set.getValue()));
    }
    assertLintsClean(ChartFiles.merge(values, sets));
  }

  @Test
  void productionValues_lintClean() throws IOException {
    Map<String, Object> values =
        ChartFiles.merge(
            ChartFiles.readYaml(ChartFiles.chart().resolve("values.yaml")),
            ChartFiles.readYaml(ChartFiles.values("production.yaml")));
    assertLintsClean(values);
  }

  private static void assertLintsClean(Map<String, Object> values) throws IOException {
    Path copy = Files.createTempDirectory("nis-lint-").resolve("nis");
    ChartFiles.copyTree(ChartFiles.chart(), copy, text -> text);
    Files.writeString(copy.resolve("values.yaml"), ChartFiles.yaml().dump(values));

    LintResult result = new Helm(copy).lint().strict().call();

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).as("lint messages").isSubsetOf(List.of(NO_ICON));
  }

  private static Map<String, Object> nested(String dotted, Object value) {
    String[] keys = dotted.split("\\.");
    Object current = value;
    for (int i = keys.length - 1; i >= 0; i--) {
      current = Map.of(keys[i], current);
    }
    return ChartFiles.map(current);
  }
}
