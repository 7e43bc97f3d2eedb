package io.github.simplemqtt.benchmarks;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The terminal table with ratios against the best peer, and the project's targets checked. */
final class Report {
  /** A target from the benchmark issue, checked against one run's figures. */
  record Target(String name, String figure, boolean met) {}

  /** Issue 15's target for a cold mutual-TLS pub, in milliseconds. */
  static final double STARTUP_TARGET_MS = 350;

  private Report() {}

  static void printTable(List<Measurement> measurements, PrintWriter out) {
    Map<String, List<Measurement>> byWorkload = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      byWorkload.computeIfAbsent(m.workload(), k -> new ArrayList<>()).add(m);
    }
    for (var entry : byWorkload.entrySet()) {
      out.println();
      out.println(entry.getKey().toUpperCase(Locale.ROOT));
      out.printf(
          "  %-22s %-24s %-31s %10s %21s %8s %s%n",
          "scenario", "metric", "contender", "median", "min-max", "vs peer", "received/sent");
      String lastGroup = null;
      for (Measurement m : entry.getValue()) {
        String group = m.group();
        boolean first = !group.equals(lastGroup);
        lastGroup = group;
        Optional<Double> best = bestPeer(measurements, m);
        String ratio = best.map(b -> String.format("%.2fx", m.ratioTo(b))).orElse("-");
        String counts =
            m.sent() == 0
                ? ""
                : m.received()
                    + "/"
                    + m.sent()
                    + (m.lost() > 0 ? "  LOST " + m.lost() : "")
                    + (m.duplicates() > 0 ? "  dup " + m.duplicates() : "");
        out.printf(
            "  %-22s %-24s %-31s %10s %21s %8s %s%n",
            first ? m.scenario() : "",
            first ? m.metric() + " (" + m.unit() + ")" : "",
            (m.ours() ? "* " : "  ") + m.contender(),
            number(m.median()),
            number(m.min()) + " - " + number(m.max()),
            ratio,
            counts);
      }
    }
    out.println();
    out.println(
        "* = simplemqtt. 'vs peer' compares the median with the best other library's median in the"
            + " same row group: above 1.00 is better (faster, fewer), whichever way the unit points.");
  }

  static Optional<Double> bestPeer(List<Measurement> all, Measurement m) {
    return best(all, m, other -> !other.ours());
  }

  private static Optional<Double> best(
      List<Measurement> all, Measurement m, Predicate<Measurement> which) {
    return all.stream()
        .filter(o -> o.group().equals(m.group()) && which.test(o) && !Double.isNaN(o.median()))
        .map(Measurement::median)
        .reduce((a, b) -> m.higherIsBetter() ? Math.max(a, b) : Math.min(a, b));
  }

  static List<Target> targets(List<Measurement> all) {
    List<Target> targets = new ArrayList<>();
    for (Measurement m : all) {
      boolean rate = m.metric().equals("msgs/s");
      if (rate
          && m.workload().equals("throughput")
          && m.contender().equals("simplemqtt publishAsync")) {
        bestPeer(all, m)
            .ifPresent(
                best ->
                    targets.add(
                        new Target(
                            "publishAsync " + m.scenario() + " >= 0.9x best peer",
                            String.format("%.2fx", m.ratioTo(best)),
                            m.ratioTo(best) >= 0.9)));
        find(all, m, "Paho async")
            .ifPresent(
                paho ->
                    targets.add(
                        new Target(
                            "publishAsync " + m.scenario() + " >= Paho",
                            String.format("%.2fx", m.ratioTo(paho.median())),
                            m.ratioTo(paho.median()) >= 1.0)));
        find(all, m, "HiveMQ async")
            .ifPresent(
                hive ->
                    targets.add(
                        new Target(
                            "facade cost, throughput " + m.scenario() + " < 5%",
                            cost(m, hive),
                            m.ratioTo(hive.median()) > 0.95)));
      }
      if (rate && m.workload().equals("throughput") && m.contender().equals("simplemqtt publish")) {
        bestPeer(all, m)
            .ifPresent(
                best ->
                    targets.add(
                        new Target(
                            "blocking publish " + m.scenario() + " >= every peer",
                            String.format("%.2fx", m.ratioTo(best)),
                            m.ratioTo(best) >= 1.0)));
      }
      if (m.workload().equals("latency")
          && m.contender().equals(Library.SIMPLEMQTT.label())
          && !m.metric().equals("max")) {
        find(all, m, "HiveMQ client")
            .ifPresent(
                hive ->
                    targets.add(
                        new Target(
                            "facade cost, latency " + m.metric() + " " + m.scenario() + " < 5%",
                            cost(m, hive),
                            m.ratioTo(hive.median()) > 0.95)));
      }
      if (m.workload().equals("fanin")
          && m.ours()
          && (m.metric().equals("threads/client") || m.metric().equals("heap/client"))) {
        find(all, m, "Paho Java")
            .ifPresent(
                paho ->
                    targets.add(
                        new Target(
                            "fan-in " + m.metric() + " <= Paho",
                            String.format(
                                "%s vs %s %s", number(m.median()), number(paho.median()), m.unit()),
                            m.median() <= paho.median())));
      }
    }
    all.stream()
        .filter(
            m ->
                m.workload().equals("startup")
                    && m.contender().equals("simplemqtt pub")
                    && m.metric().equals("wall"))
        .findFirst()
        .ifPresent(
            m ->
                targets.add(
                    new Target(
                        "startup: mTLS pub <= " + number(STARTUP_TARGET_MS) + " ms (wall median)",
                        number(m.median()) + " ms",
                        m.median() <= STARTUP_TARGET_MS)));
    Optional<Measurement> ec =
        all.stream()
            .filter(m -> m.workload().equals("connect") && m.ours() && m.scenario().contains("EC"))
            .findFirst();
    Optional<Measurement> rsa =
        all.stream()
            .filter(m -> m.workload().equals("connect") && m.ours() && m.scenario().contains("RSA"))
            .findFirst();
    if (ec.isPresent() && rsa.isPresent()) {
      double speedup = rsa.get().median() / ec.get().median();
      targets.add(
          new Target(
              "EC mTLS connect >= 2x faster than RSA 4096/2048",
              String.format(
                  "%.2fx (%s vs %s ms)",
                  speedup, number(ec.get().median()), number(rsa.get().median())),
              speedup >= 2.0));
    }
    return targets;
  }

  static void printTargets(List<Target> targets, PrintWriter out) {
    if (targets.isEmpty()) {
      return;
    }
    out.println();
    out.println("TARGETS (ratios within this run)");
    for (Target target : targets) {
      out.printf(
          "  %-4s %-58s %s%n", target.met() ? "met" : "MISS", target.name(), target.figure());
    }
  }

  private static String cost(Measurement ours, Measurement hive) {
    double ratio = ours.ratioTo(hive.median());
    return String.format("%+.1f%% (%.2fx HiveMQ)", (1 - ratio) * 100, ratio);
  }

  private static Optional<Measurement> find(
      List<Measurement> all, Measurement m, String contender) {
    return all.stream()
        .filter(o -> o.group().equals(m.group()) && o.contender().equals(contender))
        .findFirst();
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    double abs = Math.abs(value);
    if (abs >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
