package dev.nis.bench;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The report's picture: throughput against concurrency and latency percentiles per case side by
 * side; below them, when mutation cases ran, the command queues over time.
 */
final class Plot {
  /** The queue chart's width when no chart stands above it to match. */
  private static final int QUEUES_MIN_WIDTH = 760;

  private Plot() {}

  /**
   * Writes the picture to {@code png}, made of the charts this run has data for: false, and no
   * file, when it has none (the start-up group alone measures no rate and no latency).
   */
  static boolean write(Results results, Path png) throws Exception {
    // a run of the mutation group alone has no concurrency sweep: no empty chart for it
    BufferedImage left =
        results.sweeps.isEmpty() ? null : BitmapEncoder.getBufferedImage(throughput(results));
    CategoryChart latency = latency(results);
    BufferedImage right = latency == null ? null : BitmapEncoder.getBufferedImage(latency);
    if (left == null && right == null && results.queues.isEmpty()) {
      return false;
    }
    int leftWidth = left == null ? 0 : left.getWidth();
    int width = Math.max(QUEUES_MIN_WIDTH, leftWidth + (right == null ? 0 : right.getWidth()));
    int top = Math.max(left == null ? 0 : left.getHeight(), right == null ? 0 : right.getHeight());
    BufferedImage below =
        results.queues.isEmpty() ? null : BitmapEncoder.getBufferedImage(queues(results, width));
    BufferedImage all =
        new BufferedImage(
            width, top + (below == null ? 0 : below.getHeight()), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    if (left != null) {
      g.drawImage(left, 0, 0, null);
    }
    if (right != null) {
      g.drawImage(right, leftWidth, 0, null);
    }
    if (below != null) {
      g.drawImage(below, 0, top, null);
    }
    g.dispose();
    ImageIO.write(all, "png", png.toFile());
    return true;
  }

  /** Commands queued (JetStream pending + ack pending) from the start of each sustained window. */
  private static XYChart queues(Results results, int width) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(420)
            .title("Commands queued during the sustained create windows, then while they drain")
            .xAxisTitle("seconds from the window's start")
            .yAxisTitle("commands queued")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(3);
    results.queues.forEach(
        (name, samples) -> {
          if (!samples.isEmpty()) {
            chart.addSeries(
                name,
                samples.stream().mapToDouble(PipelineSampler.Sample::seconds).toArray(),
                samples.stream().mapToDouble(PipelineSampler.Sample::depth).toArray());
          }
        });
    return chart;
  }

  private static XYChart throughput(Results results) {
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(480)
            .title("Throughput against concurrency")
            .xAxisTitle("connections (log)")
            .yAxisTitle("requests/s")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    results.sweeps.forEach(
        (name, points) ->
            chart.addSeries(
                name,
                points.stream().mapToDouble(p -> p.concurrency()).toArray(),
                points.stream().mapToDouble(p -> p.measurement().rps()).toArray()));
    return chart;
  }

  /** The p50 and p99 of each row that has them; null when none has (xchart refuses no data). */
  private static CategoryChart latency(Results results) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(760)
            .height(480)
            .title("Latency percentiles (ms, log)")
            .yAxisTitle("ms")
            .build();
    // bars start at zero, which a log axis cannot show: points instead
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisLabelRotation(60);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    List<String> names = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    for (Row row : results.rows) {
      if (row.result().p50Ms() <= 0 || names.contains(row.name())) {
        continue;
      }
      names.add(String.format("%d. %s", names.size() + 1, shortName(row.name())));
      p50.add(Math.max(0.01, row.result().p50Ms()));
      p99.add(Math.max(0.01, row.result().p99Ms()));
    }
    if (names.isEmpty()) {
      return null;
    }
    chart.addSeries("p50", names, p50);
    chart.addSeries("p99", names, p99);
    return chart;
  }

  private static String shortName(String name) {
    return name.length() <= 34 ? name : name.substring(0, 33) + "…";
  }
}
