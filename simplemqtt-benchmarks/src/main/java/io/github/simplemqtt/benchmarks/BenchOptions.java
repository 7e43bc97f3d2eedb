package io.github.simplemqtt.benchmarks;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What to run and how much of it.
 *
 * @param messages messages per throughput run
 * @param size payload bytes (at least {@value Payloads#HEADER}, which holds sequence and stamp)
 * @param runs measured runs per contender and scenario
 * @param warmup unrecorded warm-up runs before them
 * @param workloads which workloads
 * @param out directory for results.csv, results.json and the PNG charts
 * @param latencyMessages messages per latency run
 * @param latencyRate messages per second in the latency workload
 * @param connects connects per connect-time run
 * @param fanInClients clients in the fan-in workload
 * @param fanInMessages messages each fan-in client publishes
 */
public record BenchOptions(
    int messages,
    int size,
    int runs,
    int warmup,
    Set<Workload> workloads,
    Path out,
    int latencyMessages,
    int latencyRate,
    int connects,
    int fanInClients,
    int fanInMessages) {

  /** The workloads, in the order they run. */
  public enum Workload {
    /** N messages publisher to subscriber at QoS 0, 1, 2, plain and mutual TLS. */
    THROUGHPUT,
    /** p50, p99 and max at a fixed low rate. */
    LATENCY,
    /** Mutual-TLS connect time, EC P-256 against RSA 4096/2048. */
    CONNECT,
    /** Many clients in one JVM: threads and heap per client. */
    FANIN,
    /** Creating the broker's PKI, EC against RSA. */
    PKI;

    /** The lower-case name used on the command line and in result files. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The workload named {@code id}, in any case. */
    public static Workload of(String id) {
      for (Workload workload : values()) {
        if (workload.id().equalsIgnoreCase(id.trim())) {
          return workload;
        }
      }
      throw new IllegalArgumentException(
          "Unknown workload '" + id + "'; choose from throughput, latency, connect, fanin, pki.");
    }
  }

  /** Checks the values. */
  public BenchOptions {
    positive("messages", messages);
    positive("runs", runs);
    positive("latency messages", latencyMessages);
    positive("latency rate", latencyRate);
    positive("connects", connects);
    positive("fan-in clients", fanInClients);
    positive("fan-in messages", fanInMessages);
    if (warmup < 0) {
      throw new IllegalArgumentException("Warm-up runs must be 0 or more, not " + warmup + ".");
    }
    if (size < Payloads.HEADER || size > 1_048_576) {
      throw new IllegalArgumentException(
          "Message size must be "
              + Payloads.HEADER
              + " to 1048576 bytes (the first "
              + Payloads.HEADER
              + " hold a sequence number and a time stamp), not "
              + size
              + ".");
    }
    if ((long) messages * size > 512L * 1024 * 1024) {
      throw new IllegalArgumentException(
          "messages x size must stay under 512 MiB (payloads are made before timing starts);"
              + " send fewer or smaller messages.");
    }
    Objects.requireNonNull(out, "out");
    workloads = workloads.isEmpty() ? Set.of() : EnumSet.copyOf(workloads);
    if (workloads.isEmpty()) {
      throw new IllegalArgumentException("Choose at least one workload.");
    }
  }

  /** The defaults: a full bench that takes a few minutes on a 2-core machine. */
  public static BenchOptions defaults(Path out) {
    return new BenchOptions(
        10_000, 64, 3, 1, EnumSet.allOf(Workload.class), out, 300, 500, 5, 50, 20);
  }

  /** A quick bench for a smoke test: a few hundred messages, one run, no warm-up. */
  public static BenchOptions quick(Path out) {
    return new BenchOptions(300, 64, 1, 0, EnumSet.allOf(Workload.class), out, 100, 500, 3, 10, 5);
  }

  private static void positive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "The number of " + what + " must be at least 1, not " + value + ".");
    }
  }
}
