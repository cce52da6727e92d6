package dev.nis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nis.bench.EnrollmentHops.Breakdown;
import dev.nis.bench.EnrollmentVisibility.Timeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The breakdown of probes whose hops are known: each hop placed between the right two times. */
class EnrollmentHopsTest {
  private static final long MS = 1_000_000;

  @Test
  void eachHopIsTheTimeBetweenItsTwoEvents_andTheSlowestProbesShowWhichHopMadeThemSlow() {
    long offset = 1_700_000_000_000_000_000L;
    List<Timeline> probes = new ArrayList<>();
    Map<String, Long> logged = new HashMap<>();
    Map<String, Long> applied = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      long due = i * 50 * MS;
      long accepted = due + 2 * MS;
      long log = accepted + (i % 10 + 5) * MS;
      // every hundredth probe waits 400 ms on the students side
      long inbox = log + (i % 100 == 99 ? 400 : 3) * MS;
      long visible = inbox + 4 * MS;
      probes.add(new Timeline("c" + i, "s" + i, due, accepted, visible));
      logged.put(EnrollmentHops.key("c" + i, "s" + i), log + offset);
      applied.put(EnrollmentHops.key("c" + i, "s" + i), inbox + offset);
    }
    // one probe the inbox does not hold (another side's verdict, say) is left out
    probes.add(new Timeline("c-missing", "s-missing", 0, 1, 2));

    Breakdown hops = EnrollmentHops.breakdown(probes, offset, logged, applied);

    assertThat(hops.matched()).isEqualTo(300);
    assertThat(hops.probes()).isEqualTo(301);
    assertThat(hops.all().get(0).getValueAtPercentile(50) / 1000.0).isCloseTo(2, within(0.01));
    assertThat(hops.all().get(1).getValueAtPercentile(50) / 1000.0).isCloseTo(9, within(0.01));
    assertThat(hops.all().get(1).getMaxValue() / 1000.0).isCloseTo(14, within(0.02));
    assertThat(hops.all().get(2).getValueAtPercentile(50) / 1000.0).isCloseTo(3, within(0.01));
    assertThat(hops.all().get(3).getValueAtPercentile(50) / 1000.0).isCloseTo(4, within(0.01));
    // the slowest 1 % (3 probes) are the three that waited on the students side
    assertThat(hops.slowest().get(2).getTotalCount()).isEqualTo(3);
    assertThat(hops.slowest().get(2).getMinValue() / 1000.0).isCloseTo(400, within(0.5));
    assertThat(hops.slowest().get(0).getMaxValue() / 1000.0).isCloseTo(2, within(0.01));
    assertThat(hops.describe()).contains("300 of the 301 probes").contains("students (log entry");
  }

  @Test
  void aReadBetweenTheStoreWriteAndTheInboxRowCountsAsNoTime() {
    Timeline probe = new Timeline("c", "s", 0, 1 * MS, 10 * MS);
    Breakdown hops =
        EnrollmentHops.breakdown(
            List.of(probe),
            0,
            Map.of(EnrollmentHops.key("c", "s"), 5 * MS),
            Map.of(EnrollmentHops.key("c", "s"), 12 * MS));

    assertThat(hops.all().get(3).getMaxValue()).isZero();
    assertThat(hops.all().get(2).getValueAtPercentile(50) / 1000.0).isCloseTo(7, within(0.01));
  }
}
