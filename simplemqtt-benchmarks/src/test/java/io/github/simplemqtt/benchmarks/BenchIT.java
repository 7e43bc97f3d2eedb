package io.github.simplemqtt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.benchmarks.BenchOptions.Workload;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny bench against a real mosquitto started by the kit: it completes, prints the table, writes
 * its files, and its message counts add up. Figures are not checked: this is not a timed test.
 */
class BenchIT {

  @Test
  @Timeout(120)
  void aTinyBenchWritesConsistentResultsAndCharts(@TempDir Path out) throws Exception {
    BenchOptions options =
        BenchOptions.builder(out)
            .messages(100)
            .runs(1)
            .warmup(0)
            // Connect and PKI would add RSA 4096 key generation: seconds, and nothing new here.
            .workloads(EnumSet.of(Workload.THROUGHPUT, Workload.LATENCY, Workload.FANIN))
            .latencyMessages(50)
            .latencyRate(1000)
            .connects(2)
            .fanInClients(5)
            .fanInMessages(3)
            .build();
    StringWriter table = new StringWriter();

    Bench.BenchResult result =
        Bench.run(
            options, new PrintWriter(table, true), new PrintWriter(new StringWriter()), false);

    assertThat(table.toString()).contains("THROUGHPUT", "LATENCY", "FANIN", "TARGETS");
    assertThat(result.charts())
        .extracting(path -> path.getFileName().toString())
        .containsExactlyInAnyOrder("throughput.png", "latency.png", "fanin.png");
    for (Path chart : result.charts()) {
      BufferedImage image = ImageIO.read(chart.toFile());
      assertThat(image).as(chart.toString()).isNotNull();
      assertThat(image.getWidth()).isGreaterThan(100);
    }
    assertThat(Files.readString(result.json())).contains("\"environment\"", "\"cores\"");

    List<String> lines = Files.readAllLines(result.csv());
    List<String> header = List.of(lines.get(0).split(","));
    int sent = header.indexOf("sent");
    int received = header.indexOf("received");
    int lost = header.indexOf("lost");
    int workload = header.indexOf("workload");
    int metric = header.indexOf("metric");
    int median = header.indexOf("median");
    assertThat(lines).hasSize(result.measurements() + 1);
    int withCounts = 0;
    int cpuFigures = 0;
    for (String line : lines.subList(1, lines.size())) {
      assertThat(line)
          .as("no quoted fields in these scenarios and contenders")
          .doesNotContain("\"");
      String[] fields = line.split(",");
      long s = Long.parseLong(fields[sent]);
      long r = Long.parseLong(fields[received]);
      long l = Long.parseLong(fields[lost]);
      if (fields[workload].equals("throughput") || fields[workload].equals("fanin")) {
        assertThat(s).as(line).isPositive();
        withCounts++;
      }
      if (fields[metric].endsWith("CPU")) {
        // Not positive: a contender that runs as a child process is measured in clock ticks of
        // 10 ms, so a fast machine rightly reports 0 for a hundred messages.
        assertThat(Double.parseDouble(fields[median])).as(line).isNotNegative().isFinite();
        cpuFigures++;
      }
      assertThat(r + l).as(line).isEqualTo(s);
      assertThat(r).as(line).isBetween(0L, s);
    }
    assertThat(withCounts).isGreaterThanOrEqualTo(8 * 3);
    // 2 transports x (3 QoS x 4 contenders + 4 blocking contenders), plus 2 contenders with user
    // properties, client and broker CPU each.
    assertThat(cpuFigures).isEqualTo((2 * (3 * 4 + 4) + 2) * 2);
  }

  /**
   * The connections workload at a size a test can afford: 20 idle mutual-TLS clients per library,
   * then a broker restart under 20 clients, whose messages published meanwhile all arrive.
   */
  @Test
  @Timeout(180)
  void theConnectionsWorkloadHoldsClientsAndLosesNothingAcrossARestart(@TempDir Path out)
      throws Exception {
    BenchOptions options =
        BenchOptions.builder(out)
            .runs(1)
            .warmup(0)
            .workloads(EnumSet.of(Workload.CONNECTIONS))
            .connections(20)
            .build();
    StringWriter table = new StringWriter();

    Bench.BenchResult result =
        Bench.run(
            options, new PrintWriter(table, true), new PrintWriter(new StringWriter()), false);

    assertThat(table.toString())
        .contains("CONNECTIONS", "20 idle mTLS", "broker restart under 20 clients");
    List<String> lines = Files.readAllLines(result.csv());
    List<String> header = List.of(lines.get(0).split(","));
    int scenario = header.indexOf("scenario");
    int metric = header.indexOf("metric");
    int contender = header.indexOf("contender");
    int median = header.indexOf("median");
    int sent = header.indexOf("sent");
    int received = header.indexOf("received");
    int restartRows = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",");
      double value = Double.parseDouble(fields[median]);
      switch (fields[metric]) {
        case "connect all", "all back after" -> assertThat(value).as(line).isPositive();
        case "heap/conn" -> assertThat(value).as(line).isPositive();
        case "lost" -> {
          assertThat(value).as(line).isZero();
          assertThat(Long.parseLong(fields[received])).as(line).isEqualTo(20);
          assertThat(Long.parseLong(fields[sent])).as(line).isEqualTo(20);
          restartRows++;
        }
        default -> assertThat(value).as(line).isNotNegative().isFinite();
      }
      assertThat(fields[scenario]).isIn("20 idle mTLS", "broker restart under 20 clients");
      assertThat(fields[contender]).isNotBlank();
    }
    // simplemqtt and HiveMQ ride out the restart; Paho is held idle only.
    assertThat(restartRows).isEqualTo(2);
    assertThat(result.measurements()).isEqualTo(3 * 4 + 2 * 2);
  }

  @Test
  @Timeout(60)
  void withoutAnInstalledLauncherTheStartupWorkloadSaysWhyItIsSkipped(@TempDir Path out)
      throws Exception {
    String home = System.clearProperty(Startup.HOME_PROPERTY);
    try {
      StringWriter table = new StringWriter();

      Bench.BenchResult result =
          Bench.run(
              startupOnly(out),
              new PrintWriter(table, true),
              new PrintWriter(new StringWriter()),
              false);

      assertThat(table.toString()).contains(Startup.NO_LAUNCHER);
      assertThat(result.measurements()).isZero();
    } finally {
      if (home != null) {
        System.setProperty(Startup.HOME_PROPERTY, home);
      }
    }
  }

  /** Once, with one cold start, where the CLI's build has unpacked its launcher. */
  @Test
  @Timeout(180)
  void theStartupWorkloadTimesTheInstalledLauncherAndMosquittoPub(@TempDir Path out)
      throws Exception {
    Path home = Path.of("..", "simplemqtt-cli", "target", "launcher").toAbsolutePath().normalize();
    Assumptions.assumeTrue(
        Startup.launcher(home.toString()).isPresent(), "the CLI's launcher is not built");
    String before = System.setProperty(Startup.HOME_PROPERTY, home.toString());
    try {
      StringWriter table = new StringWriter();

      Bench.BenchResult result =
          Bench.run(
              startupOnly(out),
              new PrintWriter(table, true),
              new PrintWriter(new StringWriter()),
              false);

      assertThat(table.toString()).contains("STARTUP", "simplemqtt pub, no archive", "startup:");
      List<String> rows = Files.readAllLines(result.csv());
      // wall and CPU for simplemqtt with and without the archive, and mosquitto_pub when present.
      assertThat(result.measurements())
          .isEqualTo(MosquittoTools.find("mosquitto_pub") == null ? 4 : 6);
      assertThat(rows.subList(1, rows.size())).allMatch(row -> row.startsWith("startup,"));
    } finally {
      if (before == null) {
        System.clearProperty(Startup.HOME_PROPERTY);
      } else {
        System.setProperty(Startup.HOME_PROPERTY, before);
      }
    }
  }

  private static BenchOptions startupOnly(Path out) {
    return BenchOptions.builder(out)
        .messages(100)
        .runs(1)
        .warmup(0)
        .workloads(EnumSet.of(Workload.STARTUP))
        .latencyMessages(50)
        .latencyRate(1000)
        .connects(2)
        .fanInClients(5)
        .fanInMessages(3)
        .startupRuns(1)
        .build();
  }
}
