package dev.nis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** BENCH_CASES and BENCH_PROFILE name what the run knows, or the run refuses to start. */
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

  @Test
  void profileModesAreTheDocumentedOnes() {
    assertThat(Profile.known(null)).isTrue();
    assertThat(Profile.known("")).isTrue();
    assertThat(Profile.known("1")).isTrue();
    assertThat(Profile.known("cpu")).isTrue();
    assertThat(Profile.known("alloc")).isTrue();
    assertThat(Profile.known("allocs")).isFalse();
    assertThat(Profile.known("CPU")).isFalse();
  }
}
