package dev.nis.courses.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rest after each step is the step's time scaled by the share, capped; on a test clock. */
class DutyCycleTest {
  private long now;
  private final List<Long> rests = new ArrayList<>();

  private boolean behind;

  private DutyCycle cycle(double share) {
    return new DutyCycle(share, () -> now, rests::add, () -> behind);
  }

  private String stepTaking(Duration took) {
    now += took.toNanos();
    return "read";
  }

  @Test
  void aTenthOfTheTime_restsNineTimesTheStep_andHandsBackItsResult() {
    DutyCycle cycle = cycle(0.1);

    String result = cycle.step(() -> stepTaking(Duration.ofMillis(20)));

    assertThat(result).isEqualTo("read");
    assertThat(rests).containsExactly(Duration.ofMillis(180).toNanos());
  }

  @Test
  void aQuarter_restsThreeTimesTheStep() {
    cycle(0.25).step(() -> stepTaking(Duration.ofMillis(8)));

    assertThat(rests).containsExactly(Duration.ofMillis(24).toNanos());
  }

  @Test
  void aSlowStep_restsAtMostTheCap() {
    cycle(0.1).step(() -> stepTaking(Duration.ofSeconds(3)));

    assertThat(rests).containsExactly(DutyCycle.MAX_REST.toNanos());
  }

  @Test
  void theWholeTime_orAnInstantStep_restsNot() {
    cycle(1).step(() -> stepTaking(Duration.ofMillis(50)));
    cycle(0.1).step(() -> stepTaking(Duration.ZERO));

    assertThat(rests).isEmpty();
  }

  @Test
  void anInterruptedRest_endsAndKeepsTheInterrupt_andTheNextStepIsNotBegun() {
    DutyCycle cycle =
        new DutyCycle(
            0.5,
            () -> now,
            nanos -> {
              throw new InterruptedException("stopping");
            },
            () -> false);
    try {
      String result = cycle.step(() -> stepTaking(Duration.ofMillis(10)));

      assertThat(result).isEqualTo("read");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      int[] steps = {0};
      assertThatThrownBy(() -> cycle.step(() -> steps[0]++))
          .isInstanceOf(CancellationException.class);
      assertThat(steps[0]).isZero();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void whileTheAppliersAreBehind_aStepWaits_lookingAgainEachPeriod() {
    int[] looks = {0};
    DutyCycle cycle = new DutyCycle(1, () -> now, rests::add, () -> ++looks[0] <= 2);

    cycle.step(() -> stepTaking(Duration.ofMillis(5)));
    cycle.step(() -> stepTaking(Duration.ofMillis(5)));

    long recheck = DutyCycle.BEHIND_RECHECK.toNanos();
    assertThat(rests).containsExactly(recheck, recheck);
    assertThat(cycle.yieldedNanos()).isEqualTo(2 * recheck);
  }

  @Test
  void aBacklogThatNeverDrains_holdsAStepAtMostTheCap_thenTheStepRunsAndRests() {
    behind = true;
    DutyCycle cycle = cycle(0.5);

    String result = cycle.step(() -> stepTaking(Duration.ofMillis(30)));

    assertThat(result).isEqualTo("read");
    long looks = DutyCycle.MAX_YIELD.toNanos() / DutyCycle.BEHIND_RECHECK.toNanos();
    assertThat(rests).hasSize((int) looks + 1).endsWith(Duration.ofMillis(30).toNanos());
    assertThat(cycle.yieldedNanos()).isEqualTo(DutyCycle.MAX_YIELD.toNanos());
  }

  @Test
  void anInterruptedWait_endsTheYield_keepsTheInterrupt_andBeginsNoStep() {
    int[] waits = {0};
    int[] steps = {0};
    DutyCycle cycle =
        new DutyCycle(
            1,
            () -> now,
            nanos -> {
              waits[0]++;
              throw new InterruptedException("stopping");
            },
            () -> true);
    try {
      assertThatThrownBy(() -> cycle.step(() -> steps[0]++))
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("stopping");

      assertThat(waits[0]).isEqualTo(1);
      assertThat(steps[0]).isZero();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -0.5, 1.5, Double.NaN})
  void aShareOutsideZeroToOne_isRefused(double share) {
    assertThatThrownBy(() -> cycle(share))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 1]");
  }
}
