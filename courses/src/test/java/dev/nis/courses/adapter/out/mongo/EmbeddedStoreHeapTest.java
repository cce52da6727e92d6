package dev.nis.courses.adapter.out.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddedStoreHeapTest {
  private static final long MIB = 1L << 20;

  @Test
  void theImagesHeap_isWarnedAbout_withItsSizeAndTheAdvisedOption() {
    // -Xmx96m with the images' SurvivorRatio=3: the serial collector reports 89.6 MiB.
    long imagesHeap = 96 * MIB - 96 * MIB / 3 / 5;

    assertThat(EmbeddedStoreHeap.advice(imagesHeap))
        .hasValueSatisfying(
            warning -> assertThat(warning).contains("89.6 MiB").contains("-Xmx160m"));
  }

  @Test
  void theAdvisedHeap_underEitherCollector_isNotWarnedAbout() {
    long serial = 160 * MIB - 160 * MIB / 3 / 5;

    assertThat(EmbeddedStoreHeap.advice(serial)).isEmpty();
    assertThat(EmbeddedStoreHeap.advice(160 * MIB)).isEmpty();
  }

  @Test
  void aHeapWithoutLimit_isNotWarnedAbout() {
    assertThat(EmbeddedStoreHeap.advice(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void theBoundary_isTheAdvisedMinimum() {
    assertThat(EmbeddedStoreHeap.advice(EmbeddedStoreHeap.ADVISED_MIN_BYTES)).isEmpty();
    assertThat(EmbeddedStoreHeap.advice(EmbeddedStoreHeap.ADVISED_MIN_BYTES - 1)).isPresent();
  }
}
