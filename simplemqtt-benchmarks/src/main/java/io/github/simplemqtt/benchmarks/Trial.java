package io.github.simplemqtt.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One contender in one scenario: how to run it once, and which figures a run yields. The runner
 * runs the contenders of a scenario in turn, run after run, so a change in the machine's load hits
 * all of them alike.
 *
 * @param workload the workload's id
 * @param scenario what is measured, such as "QoS 1 mTLS"
 * @param contender the library and how it is used
 * @param ours whether it is this project's code
 * @param metrics the figures each run yields
 * @param body runs once
 */
record Trial(
    String workload,
    String scenario,
    String contender,
    boolean ours,
    List<Metric> metrics,
    Body body) {

  /** A figure a run yields. */
  record Metric(String name, String unit, boolean higherIsBetter) {}

  /** What one run measured: a value per metric, and the message counts where there are any. */
  record Outcome(Map<String, Double> values, long sent, long received, long duplicates) {
    static Outcome of(String metric, double value) {
      Map<String, Double> values = new LinkedHashMap<>();
      values.put(metric, value);
      return new Outcome(values, 0, 0, 0);
    }
  }

  /** Runs once. */
  @FunctionalInterface
  interface Body {
    Outcome run() throws Exception;
  }
}
