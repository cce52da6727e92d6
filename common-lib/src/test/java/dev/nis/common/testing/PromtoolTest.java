package dev.nis.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Promtool#nisMetricProblems}: what it reports, and what it leaves to Micrometer. */
class PromtoolTest {
  private static final String GOOD =
      """
      # HELP nis_queue_pending Messages stored and not yet delivered
      # TYPE nis_queue_pending gauge
      nis_queue_pending{consumer="c"} 0.0
      """;

  @Test
  void aProjectMetricWithHelp_hasNoProblem() {
    assertThat(Promtool.require().nisMetricProblems(GOOD)).isEmpty();
  }

  @Test
  void aProjectMetricWithoutHelp_isReported() {
    String noHelp =
        """
        # TYPE nis_queue_pending gauge
        nis_queue_pending{consumer="c"} 0.0
        """;

    assertThat(Promtool.require().nisMetricProblems(noHelp))
        .singleElement()
        .asString()
        .startsWith("nis_queue_pending ")
        .contains("help");
  }

  @Test
  void micrometersOwnNamesAreNotTheProjects() {
    String jvm =
        GOOD
            + """
            # HELP system_cpu_count The number of processors available to the Java virtual machine
            # TYPE system_cpu_count gauge
            system_cpu_count 2.0
            """;

    assertThat(Promtool.require().nisMetricProblems(jvm)).isEmpty();
  }

  @Test
  void textThatDoesNotParse_isReported() {
    assertThat(Promtool.require().nisMetricProblems(GOOD + "nis_queue_pending{consumer=} x\n"))
        .isNotEmpty();
  }
}
