package io.github.simplemqtt.benchmarks;

import io.github.simplemqtt.benchmarks.BenchOptions.Workload;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the bench: starts its own brokers with the kit, runs each workload's scenarios with every
 * contender in turn (warm-up runs first, then the measured runs, interleaved so a change in the
 * machine's load hits all contenders alike), prints the table and the targets, and writes
 * results.csv, results.json and one PNG chart per workload.
 *
 * <pre>{@code
 * BenchResult result = Bench.run(BenchOptions.defaults(Path.of("bench-results")), System.out,
 *     System.err, System.console() != null);
 * }</pre>
 */
public final class Bench {
  private Bench() {}

  /** What a bench run produced. */
  public record BenchResult(
      Path csv, Path json, List<Path> charts, int measurements, int targets, int targetsMissed) {}

  /**
   * Runs the bench.
   *
   * @param out where the table goes
   * @param progressOut where the progress bar goes
   * @param showProgress whether to draw it (only on a terminal)
   */
  public static BenchResult run(
      BenchOptions options, PrintWriter out, PrintWriter progressOut, boolean showProgress)
      throws Exception {
    Map<String, String> environment = Environment.describe();
    boolean tools = MosquittoTools.available();
    Path scratch = Files.createTempDirectory("simplemqtt-bench-scratch-");
    List<Measurement> measurements = new ArrayList<>();
    Optional<Path> launcher = Startup.installedLauncher();
    List<String> notes = new ArrayList<>();
    if (options.workloads().contains(Workload.STARTUP) && launcher.isEmpty()) {
      notes.add(Startup.NO_LAUNCHER);
    }
    try (BenchBrokers brokers = new BenchBrokers()) {
      boolean needsBroker =
          options.workloads().stream()
              .anyMatch(w -> w != Workload.PKI && (w != Workload.STARTUP || launcher.isPresent()));
      if (needsBroker) {
        brokers.startEc();
      }
      if (options.workloads().contains(Workload.CONNECT)) {
        brokers.startRsa();
      }
      if (options.workloads().contains(Workload.CONNECTIONS)) {
        brokers.startConnections();
      }
      Workloads workloads = new Workloads(options, brokers, tools, scratch);
      Connections connections = new Connections(options, brokers);
      List<Trial> trials = new ArrayList<>();
      for (Workload workload : options.workloads()) {
        trials.addAll(
            switch (workload) {
              case THROUGHPUT -> workloads.throughput();
              case LATENCY -> workloads.latency();
              case CONNECT -> workloads.connect();
              case FANIN -> workloads.fanIn();
              case CONNECTIONS -> connections.trials();
              case PKI -> workloads.pki();
              case STARTUP -> launcher.map(workloads::startup).orElse(List.of());
            });
      }
      out.printf(
          "simplemqtt bench: %d cores, %s, %s; load average %s%n",
          Runtime.getRuntime().availableProcessors(),
          environment.get("jvm"),
          environment.get("mosquitto"),
          environment.get("load average at start"));
      out.printf(
          "%d messages of %d bytes per throughput run (%d for blocking publish), %d measured"
              + " run(s) after %d warm-up run(s)%s%n",
          options.messages(),
          options.size(),
          workloads.blockingMessages(),
          options.runs(),
          options.warmup(),
          tools ? "" : "; mosquitto_pub/mosquitto_sub not installed, so not compared");
      if (options.workloads().contains(Workload.STARTUP) && launcher.isPresent()) {
        out.printf(
            "%d cold start(s) per contender in the startup workload after %d warm-up(s), on %s%n",
            options.startupRuns(), STARTUP_WARMUPS, launcher.get());
      }
      notes.addAll(connections.notes());
      notes.forEach(out::println);
      out.flush();
      int steps = 0;
      for (Trial trial : trials) {
        steps += warmups(trial.workload(), options) + runs(trial.workload(), options);
      }
      Progress progress = new Progress(progressOut, showProgress, steps);
      try {
        measurements.addAll(runAll(trials, options, progress));
      } finally {
        progress.finish();
      }
      environment.put("load average at end", Environment.loadAverage());
    } finally {
      Folders.deleteRecursively(scratch);
    }
    Report.printTable(measurements, out);
    List<Report.Target> targets = Report.targets(measurements);
    Report.printTargets(targets, out);
    ResultFiles.write(options.out(), environment, measurements, targets);
    // Environment.describe() always gives the date.
    String date = Objects.requireNonNull(environment.get("date"), "date");
    List<Path> charts = Charts.write(options.out(), date, measurements);
    out.println();
    out.println(
        "Load average at end: "
            + environment.get("load average at end")
            + ". Wrote "
            + options.out().resolve(ResultFiles.CSV)
            + ", "
            + ResultFiles.JSON
            + " and "
            + charts.size()
            + " chart(s).");
    long missed = targets.stream().filter(t -> !t.met()).count();
    return new BenchResult(
        options.out().resolve(ResultFiles.CSV),
        options.out().resolve(ResultFiles.JSON),
        charts,
        measurements.size(),
        targets.size(),
        (int) missed);
  }

  /** Runs scenario by scenario; within one, the contenders take turns run after run. */
  private static List<Measurement> runAll(
      List<Trial> trials, BenchOptions options, Progress progress) throws Exception {
    Map<String, List<Trial>> byScenario = new LinkedHashMap<>();
    for (Trial trial : trials) {
      byScenario
          .computeIfAbsent(trial.workload() + "|" + trial.scenario(), k -> new ArrayList<>())
          .add(trial);
    }
    List<Measurement> measurements = new ArrayList<>();
    for (List<Trial> scenario : byScenario.values()) {
      Map<Trial, List<Trial.Outcome>> outcomes = new LinkedHashMap<>();
      int warmups = warmups(scenario.get(0).workload(), options);
      int runs = runs(scenario.get(0).workload(), options);
      int rounds = warmups + runs;
      for (int round = 0; round < rounds; round++) {
        boolean warmup = round < warmups;
        for (Trial trial : scenario) {
          progress.show(
              trial.workload()
                  + " "
                  + trial.scenario()
                  + ": "
                  + trial.contender()
                  + (warmup ? " (warm-up)" : " (run " + (round - warmups + 1) + "/" + runs + ")"));
          Trial.Outcome outcome = run(trial);
          progress.step();
          if (!warmup) {
            outcomes.computeIfAbsent(trial, k -> new ArrayList<>()).add(outcome);
          }
        }
      }
      // Rows grouped by figure, so each figure's contenders sit together in the table.
      for (Trial.Metric metric : scenario.get(0).metrics()) {
        for (var entry : outcomes.entrySet()) {
          measurements.add(measure(entry.getKey(), metric, entry.getValue()));
        }
      }
    }
    return measurements;
  }

  /**
   * Warm-up runs before the start-up workload's measured ones, whatever --warmup says: the first
   * makes the class-data archive (as a user's first run does) and both bring the files into the OS
   * cache, so the measured runs are the cold starts of a JVM, not of a disk.
   */
  static final int STARTUP_WARMUPS = 2;

  /**
   * Fan-in, connections and PKI need no warm-up of their own: fan-in and connections run after the
   * message workloads warmed the JIT (and connections measures memory and minutes, not
   * microseconds), and the PKI's time goes to key generation, which warm-up does not change.
   */
  private static int warmups(String workload, BenchOptions options) {
    if (workload.equals(Workload.STARTUP.id())) {
      return STARTUP_WARMUPS;
    }
    return workload.equals(Workload.FANIN.id())
            || workload.equals(Workload.PKI.id())
            || workload.equals(Workload.CONNECTIONS.id())
        ? 0
        : options.warmup();
  }

  /** Measured runs per contender: the start-up workload has its own count. */
  private static int runs(String workload, BenchOptions options) {
    return workload.equals(Workload.STARTUP.id()) ? options.startupRuns() : options.runs();
  }

  private static Trial.Outcome run(Trial trial) throws Exception {
    try {
      return trial.body().run();
    } catch (Exception e) {
      throw new IllegalStateException(
          trial.workload()
              + " "
              + trial.scenario()
              + " with "
              + trial.contender()
              + " failed: "
              + e,
          e);
    }
  }

  private static Measurement measure(
      Trial trial, Trial.Metric metric, List<Trial.Outcome> outcomes) {
    long sent = 0;
    long received = 0;
    long duplicates = 0;
    List<Double> values = new ArrayList<>();
    for (Trial.Outcome outcome : outcomes) {
      sent += outcome.sent();
      received += outcome.received();
      duplicates += outcome.duplicates();
      values.add(outcome.values().getOrDefault(metric.name(), Double.NaN));
    }
    return new Measurement(
        trial.workload(),
        trial.scenario(),
        metric.name(),
        trial.contender(),
        trial.ours(),
        metric.unit(),
        metric.higherIsBetter(),
        values,
        sent,
        received,
        sent - received,
        duplicates);
  }
}
