package io.github.simplemqtt.cli;

import io.github.simplemqtt.benchmarks.Bench;
import io.github.simplemqtt.benchmarks.BenchOptions;
import io.github.simplemqtt.benchmarks.BenchOptions.Workload;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.ParameterException;

/** Runs the benchmark for {@link BenchCommand}; loaded only where the benchmark is installed. */
final class BenchRun {
  private static final String BENCH_CLASS = "io.github.simplemqtt.benchmarks.Bench";

  private BenchRun() {}

  /** Whether the benchmark's classes are on the class path (not in the user archive). */
  static boolean installed() {
    try {
      Class.forName(BENCH_CLASS, false, BenchRun.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static int run(BenchCommand command) throws Exception {
    Bench.run(
        options(command),
        command.spec.commandLine().getOut(),
        command.spec.commandLine().getErr(),
        System.console() != null);
    return 0;
  }

  private static BenchOptions options(BenchCommand command) {
    BenchOptions base =
        command.quick ? BenchOptions.quick(command.out) : BenchOptions.defaults(command.out);
    try {
      BenchOptions.Builder options = base.toBuilder();
      if (command.workloads != null) {
        Set<Workload> chosen = EnumSet.noneOf(Workload.class);
        for (String name : command.workloads) {
          chosen.add(Workload.of(name));
        }
        options.workloads(chosen);
      }
      if (command.messages != null) {
        options.messages(command.messages);
      }
      if (command.size != null) {
        options.size(command.size);
      }
      if (command.runs != null) {
        options.runs(command.runs);
      }
      if (command.warmup != null) {
        options.warmup(command.warmup);
      }
      if (command.rate != null) {
        options.latencyRate(command.rate);
      }
      if (command.clients != null) {
        options.fanInClients(command.clients);
      }
      if (command.connections != null) {
        options.connections(command.connections);
      }
      if (command.startupRuns != null) {
        options.startupRuns(command.startupRuns);
      }
      return options.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.spec.commandLine(), e.getMessage());
    }
  }
}
