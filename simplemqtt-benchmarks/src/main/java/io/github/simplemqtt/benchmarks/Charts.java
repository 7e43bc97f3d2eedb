package io.github.simplemqtt.benchmarks;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * One PNG per workload: a bar chart per metric (stacked when a workload has several), scenarios
 * along the axis, one bar per contender at its median.
 */
final class Charts {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 420;

  private Charts() {}

  /** Writes {@code <workload>.png} for each workload; returns the files. */
  static List<Path> write(Path dir, String date, List<Measurement> measurements)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, List<Measurement>> byWorkload = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      byWorkload.computeIfAbsent(m.workload(), k -> new ArrayList<>()).add(m);
    }
    List<Path> files = new ArrayList<>();
    for (var entry : byWorkload.entrySet()) {
      Map<String, List<Measurement>> byMetric = new LinkedHashMap<>();
      for (Measurement m : entry.getValue()) {
        byMetric.computeIfAbsent(m.metric(), k -> new ArrayList<>()).add(m);
      }
      BufferedImage image =
          new BufferedImage(WIDTH, HEIGHT * byMetric.size(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      int row = 0;
      for (var metric : byMetric.entrySet()) {
        CategoryChart chart = chart(entry.getKey(), metric.getKey(), date, metric.getValue());
        Graphics2D part = (Graphics2D) g.create(0, row * HEIGHT, WIDTH, HEIGHT);
        chart.paint(part, WIDTH, HEIGHT);
        part.dispose();
        row++;
      }
      g.dispose();
      Path file = dir.resolve(entry.getKey() + ".png");
      ImageIO.write(image, "png", file.toFile());
      files.add(file);
    }
    return files;
  }

  private static CategoryChart chart(
      String workload, String metric, String date, List<Measurement> measurements) {
    Measurement first = measurements.get(0);
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(
                workload
                    + ": "
                    + metric
                    + " ("
                    + (first.higherIsBetter() ? "higher" : "lower")
                    + " is better; median of runs; "
                    + date
                    + ")")
            .yAxisTitle(first.unit())
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    chart.getStyler().setXAxisLabelRotation(0);
    Set<String> scenarios = new LinkedHashSet<>();
    Set<String> contenders = new LinkedHashSet<>();
    for (Measurement m : measurements) {
      scenarios.add(m.scenario());
      contenders.add(m.contender());
    }
    List<String> xs = new ArrayList<>(scenarios);
    for (String contender : contenders) {
      List<Double> ys = new ArrayList<>();
      for (String scenario : xs) {
        ys.add(
            measurements.stream()
                .filter(m -> m.scenario().equals(scenario) && m.contender().equals(contender))
                .map(Measurement::median)
                .filter(v -> !Double.isNaN(v))
                .findFirst()
                .orElse(0.0));
      }
      chart.addSeries(contender, xs, ys);
    }
    return chart;
  }
}
