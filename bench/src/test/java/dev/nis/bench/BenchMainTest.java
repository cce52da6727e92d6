package dev.nis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** BENCH_CASES names groups the run knows, or the run refuses to start. */
class BenchMainTest {
  @Test
  void noSelectionOrKnownGroupsLeaveNothingUnknown() {
    assertThat(BenchMain.unknownGroups(null)).isEmpty();
    assertThat(BenchMain.unknownGroups(" ")).isEmpty();
    assertThat(BenchMain.unknownGroups(String.join(",", BenchMain.GROUPS))).isEmpty();
  }

  @Test
  void aMisspeltOrPaddedGroupIsNamed() {
    assertThat(BenchMain.unknownGroups("startup,mutatons, cached"))
        .containsExactly("mutatons", " cached");
  }
}
