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
      Set<Workload> chosen = base.workloads();
      if (command.workloads != null) {
        chosen = EnumSet.noneOf(Workload.class);
        for (String name : command.workloads) {
          chosen.add(Workload.of(name));
        }
      }
      return new BenchOptions(
          command.messages != null ? command.messages : base.messages(),
          command.size != null ? command.size : base.size(),
          command.runs != null ? command.runs : base.runs(),
          command.warmup != null ? command.warmup : base.warmup(),
          chosen,
          command.out,
          base.latencyMessages(),
          command.rate != null ? command.rate : base.latencyRate(),
          base.connects(),
          command.clients != null ? command.clients : base.fanInClients(),
          base.fanInMessages());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.spec.commandLine(), e.getMessage());
    }
  }
}
