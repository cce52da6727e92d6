package dev.nis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupSectionTest {
  private static final String FULL_RUN =
      """
      # Benchmarks

      ## Cases beside their ceilings

      | full-run rows |

      ## Start-up and memory

      | start-up rows |

      ## What limits the missed targets (old summary)

      old text

      ## How to run

      old how-to
      """;
  private static final String SUMMARY = "## What limits the missed targets (new)\n\nnew text\n";
  private static final String HOW_TO_RUN = "\n## How to run\n\nnew how-to\n";

  @Test
  void aGroupRun_addsItsSectionBeforeStartUp_andCopiesTheSummaryAndHowToRunIn() {
    String md = GroupSection.replace(FULL_RUN, "mutations", "rows of run 1\n", SUMMARY, HOW_TO_RUN);

    assertThat(md)
        .contains("| full-run rows |")
        .contains(
            "<!-- BENCH_CASES=mutations: written by bench/run.sh -->\nrows of run 1\n"
                + "<!-- end of BENCH_CASES=mutations -->\n")
        .contains("new text")
        .doesNotContain("old text")
        .doesNotContain("old how-to")
        .endsWith("new how-to\n");
    assertThat(md.indexOf("rows of run 1")).isLessThan(md.indexOf("## Start-up and memory"));
    assertThat(md.indexOf("new text")).isGreaterThan(md.indexOf("| start-up rows |"));
  }

  @Test
  void theNextRunOfTheSameGroup_replacesItsSection_andLeavesOtherGroupsAlone() {
    String first =
        GroupSection.replace(FULL_RUN, "mutations", "rows of run 1\n", SUMMARY, HOW_TO_RUN);
    String withCached = GroupSection.replace(first, "cached", "cached rows\n", SUMMARY, HOW_TO_RUN);

    String md =
        GroupSection.replace(withCached, "mutations", "rows of run 2\n", SUMMARY, HOW_TO_RUN);

    assertThat(md)
        .contains("rows of run 2")
        .doesNotContain("rows of run 1")
        .contains("cached rows");
    assertThat(md.split("BENCH_CASES=mutations: written", -1)).hasSize(2);
    assertThat(md.split("new text", -1)).hasSize(2);
  }

  @Test
  void withoutASummaryFile_theFileKeepsTheSummaryItHad() {
    String md = GroupSection.replace(FULL_RUN, "grpc", "grpc rows\n", null, HOW_TO_RUN);

    assertThat(md).contains("old text").contains("grpc rows").endsWith("new how-to\n");
  }
}
