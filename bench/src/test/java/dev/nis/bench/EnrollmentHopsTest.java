package dev.nis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nis.bench.EnrollmentHops.Breakdown;
import dev.nis.bench.EnrollmentVisibility.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The breakdown of probes whose hops are known: each hop placed between the right two times. */
class EnrollmentHopsTest {
  private static final long MS = 1_000_000;

  /** Per hop (in {@link EnrollmentHops#HOPS}' order) its p50 in milliseconds. */
  private static double p50(Breakdown hops, int hop) {
    return hops.all().get(hop).getValueAtPercentile(50) / 1000.0;
  }

  @Test
  void eachHopIsTheTimeBetweenItsTwoEvents_andTheSlowestProbesShowWhichHopMadeThemSlow() {
    long offset = 1_700_000_000_000_000_000L;
    List<Timeline> probes = new ArrayList<>();
    Map<String, Long> began = new HashMap<>();
    Map<String, Long> logged = new HashMap<>();
    Map<String, Long> applied = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      long due = i * 50 * MS;
      long accepted = due + 2 * MS;
      // every hundredth command waits 400 ms in its partition
      long apply = accepted + (i % 100 == 99 ? 400 : 1) * MS;
      long log = apply + (i % 10 + 5) * MS;
      long inbox = log + 3 * MS;
      long visible = inbox + 4 * MS;
      probes.add(new Timeline("c" + i, "s" + i, "op" + i, due, accepted, visible));
      began.put("op" + i, apply + offset);
      logged.put(EnrollmentHops.key("c" + i, "s" + i), log + offset);
      applied.put(EnrollmentHops.key("c" + i, "s" + i), inbox + offset);
    }
    // one probe the inbox does not hold, one whose apply the log does not have: both left out
    probes.add(new Timeline("c-missing", "s-missing", "op0", 0, 1, 2));
    probes.add(new Timeline("c0", "s0", "op-missing", 0, 1, 2));

    Breakdown hops = EnrollmentHops.breakdown(probes, offset, began, logged, applied);

    assertThat(hops.matched()).isEqualTo(300);
    assertThat(hops.probes()).isEqualTo(302);
    assertThat(p50(hops, 0)).isCloseTo(2, within(0.01));
    assertThat(p50(hops, 1)).isCloseTo(1, within(0.01));
    assertThat(p50(hops, 2)).isCloseTo(9, within(0.01));
    assertThat(hops.all().get(2).getMaxValue() / 1000.0).isCloseTo(14, within(0.02));
    assertThat(p50(hops, 3)).isCloseTo(3, within(0.01));
    assertThat(p50(hops, 4)).isCloseTo(4, within(0.01));
    // the slowest 1 % (3 probes) are the three that waited in their partition
    assertThat(hops.slowest().get(1).getTotalCount()).isEqualTo(3);
    assertThat(hops.slowest().get(1).getMinValue() / 1000.0).isCloseTo(400, within(0.5));
    assertThat(hops.slowest().get(3).getMaxValue() / 1000.0).isCloseTo(3, within(0.01));
    assertThat(hops.describe()).contains("300 of the 302 probes").contains("queued (202");
  }

  @Test
  void aReadBetweenTheStoreWriteAndTheInboxRowCountsAsNoTime() {
    Timeline probe = new Timeline("c", "s", "op", 0, 1 * MS, 10 * MS);
    Breakdown hops =
        EnrollmentHops.breakdown(
            List.of(probe),
            0,
            Map.of("op", 2 * MS),
            Map.of(EnrollmentHops.key("c", "s"), 5 * MS),
            Map.of(EnrollmentHops.key("c", "s"), 12 * MS));

    assertThat(hops.all().get(4).getMaxValue()).isZero();
    assertThat(p50(hops, 3)).isCloseTo(7, within(0.01));
  }

  @Test
  void anApplyBeganItsDurationBeforeItsLogLine(@TempDir Path dir) throws IOException {
    Instant end = Instant.parse("2026-12-05T15:15:12.657901482Z");
    Path log = dir.resolve("courses.log");
    Files.write(
        log,
        List.of(
            "{\"@timestamp\":\"2026-12-05T15:15:12.657901482Z\",\"message\":\"apply enroll ->"
                + " Applied in 2500 us\",\"operation_id\":\"op-1\",\"service\":\"courses\"}",
            "{\"@timestamp\":\"2026-12-05T15:15:12.7Z\",\"message\":\"apply create -> Applied in"
                + " 900 us\",\"operation_id\":\"op-2\",\"service\":\"courses\"}",
            "{\"@timestamp\":\"2026-12-05T15:15:12.8Z\",\"message\":\"accept enroll -> Accepted"
                + " in 700 us\",\"request_id\":\"r-3\",\"service\":\"courses\"}"));

    Map<String, Long> began = EnrollmentHops.applyBegan(log);

    assertThat(began).containsOnlyKeys("op-1");
    assertThat(began.get("op-1"))
        .isEqualTo(ChronoUnit.NANOS.between(Instant.EPOCH, end) - 2_500_000);
  }
}
