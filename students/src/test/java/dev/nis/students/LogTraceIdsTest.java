package dev.nis.students;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.nis.common.testing.LogLinesInSpans;
import dev.nis.common.testing.LogLinesInSpans.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The students service's shipped logging ({@link StudentsLogConfigurator}) puts the current span's
 * ids into each JSON line.
 */
class LogTraceIdsTest {
  @Test
  void aLineLoggedInsideASpan_carriesItsTraceIdAndSpanId_andOneOutsideCarriesNone()
      throws Exception {
    List<Line> lines =
        LogLinesInSpans.log(context -> new StudentsLogConfigurator().apply(context, Level.INFO));

    assertThat(lines).hasSize(3);
    for (Line line : lines.subList(0, 2)) {
      assertThat(line.json().path("service").asText()).isEqualTo("students");
      assertThat(line.json().path("trace_id").asText())
          .isEqualTo(line.span().getSpanContext().getTraceId());
      assertThat(line.json().path("span_id").asText())
          .isEqualTo(line.span().getSpanContext().getSpanId());
    }
    assertThat(lines.get(1).json().path("span_id").asText())
        .as("the child span's own id")
        .isNotEqualTo(lines.get(0).json().path("span_id").asText());
    assertThat(lines.get(2).json().has("trace_id")).as("outside any span").isFalse();
    assertThat(lines.get(2).json().has("span_id")).isFalse();
  }
}
