package dev.nis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The picture holds the charts a run has data for, and is left out when it has none. */
class PlotTest {
  @TempDir Path dir;

  @Test
  void aRunOfStartUpsAloneHasNothingToChart_andWritesNoPicture() throws Exception {
    Results startups = new Results();
    startups.startup("courses, with the archive its first run wrote", 966);
    Path png = dir.resolve("startup.png");

    assertThat(Plot.write(startups, png)).isFalse();
    assertThat(png).doesNotExist();
  }

  @Test
  void aRunWithLatenciesOrQueuesWritesTheirCharts() throws Exception {
    Results latencies = new Results();
    latencies.add(Row.of("a case", new Measurement(100, 100, 0, 1.5, 2, 4, 9, 1), null, null));
    Path withLatencies = dir.resolve("latencies.png");
    Results queues = new Results();
    queues.queue("course creates", List.of(new PipelineSampler.Sample(0.25, 12)));
    Path queuesOnly = dir.resolve("queues.png");

    assertThat(Plot.write(latencies, withLatencies)).isTrue();
    assertThat(Plot.write(queues, queuesOnly)).isTrue();

    BufferedImage latencyChart = ImageIO.read(withLatencies.toFile());
    BufferedImage queueChart = ImageIO.read(queuesOnly.toFile());
    assertThat(latencyChart.getWidth()).isPositive();
    assertThat(queueChart.getWidth()).isPositive();
  }
}
