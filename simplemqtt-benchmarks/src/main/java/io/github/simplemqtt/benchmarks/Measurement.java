package io.github.simplemqtt.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One figure for one contender in one scenario of a workload, over the measured runs (warm-up runs
 * are not kept). For throughput, {@code sent}, {@code received}, {@code lost} and {@code
 * duplicates} add up over the runs.
 *
 * @param workload throughput, latency, connect, fanin or pki
 * @param scenario what was measured, such as "QoS 1 mTLS"
 * @param metric the figure, such as "msgs/s" or "p99"
 * @param contender the library and how it was used, such as "simplemqtt publishAsync"
 * @param ours whether the contender is this project's code
 * @param unit the figure's unit
 * @param higherIsBetter whether a larger value is better
 * @param values one value per measured run
 */
record Measurement(
    String workload,
    String scenario,
    String metric,
    String contender,
    boolean ours,
    String unit,
    boolean higherIsBetter,
    List<Double> values,
    long sent,
    long received,
    long lost,
    long duplicates) {

  Measurement {
    values = List.copyOf(values);
  }

  double median() {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  double min() {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  double max() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** The key that groups contenders compared with each other. */
  String group() {
    return workload + " | " + scenario + " | " + metric;
  }

  /**
   * How this contender compares with {@code other}: above 1 is better, whichever way the metric
   * points.
   */
  double ratioTo(double other) {
    return higherIsBetter ? median() / other : other / median();
  }
}
