package io.github.simplemqtt.benchmarks;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes results.csv (one row per figure) and results.json (the same, with the machine). */
final class ResultFiles {
  static final String CSV = "results.csv";
  static final String JSON = "results.json";

  private ResultFiles() {}

  static void write(
      Path dir,
      Map<String, String> environment,
      List<Measurement> measurements,
      List<Report.Target> targets)
      throws IOException {
    Files.createDirectories(dir);
    // Commons CSV quotes any field holding a comma, a quote or a line break (RFC 4180), so a
    // scenario or contender name can never shift the columns.
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setRecordSeparator('\n')
            .setHeader(
                "workload",
                "scenario",
                "metric",
                "contender",
                "ours",
                "unit",
                "higher_is_better",
                "median",
                "min",
                "max",
                "runs",
                "vs_best_peer",
                "sent",
                "received",
                "lost",
                "duplicates",
                "values")
            .get();
    try (Writer out = Files.newBufferedWriter(dir.resolve(CSV), StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(out, format)) {
      for (Measurement m : measurements) {
        String ratio = Report.bestPeer(measurements, m).map(b -> num(m.ratioTo(b))).orElse("");
        csv.printRecord(
            m.workload(),
            m.scenario(),
            m.metric(),
            m.contender(),
            m.ours(),
            m.unit(),
            m.higherIsBetter(),
            num(m.median()),
            num(m.min()),
            num(m.max()),
            m.values().size(),
            ratio,
            m.sent(),
            m.received(),
            m.lost(),
            m.duplicates(),
            m.values().stream().map(ResultFiles::num).collect(Collectors.joining(" ")));
      }
    }

    StringBuilder json = new StringBuilder("{\n  \"environment\": {");
    String separator = "\n";
    for (var fact : environment.entrySet()) {
      json.append(separator)
          .append("    ")
          .append(jsonText(fact.getKey()))
          .append(": ")
          .append(jsonText(fact.getValue()));
      separator = ",\n";
    }
    json.append("\n  },\n  \"measurements\": [");
    separator = "\n";
    for (Measurement m : measurements) {
      json.append(separator)
          .append("    {\"workload\": ")
          .append(jsonText(m.workload()))
          .append(", \"scenario\": ")
          .append(jsonText(m.scenario()))
          .append(", \"metric\": ")
          .append(jsonText(m.metric()))
          .append(", \"contender\": ")
          .append(jsonText(m.contender()))
          .append(", \"ours\": ")
          .append(m.ours())
          .append(", \"unit\": ")
          .append(jsonText(m.unit()))
          .append(", \"higherIsBetter\": ")
          .append(m.higherIsBetter())
          .append(", \"median\": ")
          .append(jsonNumber(m.median()))
          .append(", \"min\": ")
          .append(jsonNumber(m.min()))
          .append(", \"max\": ")
          .append(jsonNumber(m.max()))
          .append(", \"values\": [")
          .append(
              m.values().stream().map(ResultFiles::jsonNumber).collect(Collectors.joining(", ")))
          .append("], \"vsBestPeer\": ")
          .append(
              Report.bestPeer(measurements, m).map(b -> jsonNumber(m.ratioTo(b))).orElse("null"))
          .append(", \"sent\": ")
          .append(m.sent())
          .append(", \"received\": ")
          .append(m.received())
          .append(", \"lost\": ")
          .append(m.lost())
          .append(", \"duplicates\": ")
          .append(m.duplicates())
          .append('}');
      separator = ",\n";
    }
    json.append("\n  ],\n  \"targets\": [");
    separator = "\n";
    for (Report.Target target : targets) {
      json.append(separator)
          .append("    {\"target\": ")
          .append(jsonText(target.name()))
          .append(", \"figure\": ")
          .append(jsonText(target.figure()))
          .append(", \"met\": ")
          .append(target.met())
          .append('}');
      separator = ",\n";
    }
    json.append("\n  ]\n}\n");
    Files.writeString(dir.resolve(JSON), json, StandardCharsets.UTF_8);
  }

  private static String num(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String jsonNumber(double value) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? "null"
        : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String jsonText(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
