package dev.nis.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreferWaitTest {
  @Test
  void waitSeconds_areRead() {
    assertThat(PreferWait.from(List.of("wait=5"))).contains(new PreferWait(5));
    assertThat(PreferWait.from(List.of("respond-async, WAIT = 7 ; x=y")))
        .contains(new PreferWait(7));
    assertThat(PreferWait.from(List.of("return=minimal", "wait=\"3\"")))
        .contains(new PreferWait(3));
    assertThat(PreferWait.from(List.of("wait=0"))).contains(new PreferWait(0));
  }

  @Test
  void moreThanThirtySeconds_isCappedAtThirty() {
    assertThat(PreferWait.from(List.of("wait=100"))).contains(new PreferWait(30));
    assertThat(PreferWait.from(List.of("wait=999999999"))).contains(new PreferWait(30));
    assertThat(PreferWait.from(List.of("wait=99999999999999999999"))).contains(new PreferWait(30));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"wait", "wait=", "wait=-1", "wait=1.5", "wait=abc", "wait=\u0663", "waiting=3"})
  void badValues_areIgnored(String header) {
    assertThat(PreferWait.from(List.of(header))).isEmpty();
  }

  @Test
  void onlyTheFirstWaitCounts() {
    assertThat(PreferWait.from(List.of("wait=2, wait=9"))).contains(new PreferWait(2));
    assertThat(PreferWait.from(List.of("wait=x", "wait=9"))).isEqualTo(Optional.empty());
  }

  @Test
  void noHeader_meansNoWait() {
    assertThat(PreferWait.from(List.of())).isEmpty();
  }

  @Test
  void theAppliedHeader_namesTheSecondsHonoured() {
    assertThat(new PreferWait(30).applied()).isEqualTo("wait=30");
  }
}
