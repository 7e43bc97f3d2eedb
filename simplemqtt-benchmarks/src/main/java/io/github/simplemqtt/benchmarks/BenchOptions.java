package io.github.simplemqtt.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What to run and how much of it.
 *
 * <pre>{@code
 * BenchOptions options = BenchOptions.builder(Path.of("bench-results"))
 *     .messages(50_000)
 *     .workloads(EnumSet.of(Workload.THROUGHPUT))
 *     .build();
 * }</pre>
 *
 * <p>Immutable; start from {@link #builder(Path)}, {@link #defaults(Path)} or {@link #quick(Path)},
 * and change some settings of one with {@link #toBuilder()}. Two options with the same values are
 * equal.
 */
public final class BenchOptions {

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
    /**
     * How far one broker goes: up to 10,000 idle mutual-TLS connections (broker memory, client
     * threads and heap per connection) and a broker restart under 1,000 clients. Takes minutes, so
     * only when asked for.
     */
    CONNECTIONS,
    /** Creating the broker's PKI, EC against RSA. */
    PKI,
    /** Cold start of the installed {@code simplemqtt pub} over mutual TLS, and of mosquitto_pub. */
    STARTUP;

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
          "Unknown workload '"
              + id
              + "'; choose from throughput, latency, connect, fanin, connections, pki, startup.");
    }
  }

  /** The idle connections the connections workload holds at most, by default. */
  public static final int CONNECTIONS = 10_000;

  /** Cold starts per contender in the start-up workload, by default. */
  public static final int STARTUP_RUNS = 10;

  private final int messages;
  private final int size;
  private final int runs;
  private final int warmup;
  private final Set<Workload> workloads;
  private final Path out;
  private final int latencyMessages;
  private final int latencyRate;
  private final int connects;
  private final int fanInClients;
  private final int fanInMessages;
  private final int startupRuns;
  private final int connections;

  private BenchOptions(Builder b) {
    messages = b.messages;
    size = b.size;
    runs = b.runs;
    warmup = b.warmup;
    workloads = b.workloads;
    out = b.out;
    latencyMessages = b.latencyMessages;
    latencyRate = b.latencyRate;
    connects = b.connects;
    fanInClients = b.fanInClients;
    fanInMessages = b.fanInMessages;
    startupRuns = b.startupRuns;
    connections = b.connections;
  }

  /**
   * A builder holding the {@link #defaults(Path)}, writing its results to {@code out}.
   *
   * @param out directory for results.csv, results.json and the PNG charts
   */
  public static Builder builder(Path out) {
    return new Builder(out);
  }

  /**
   * The defaults: a full bench that takes a few minutes on a 2-core machine. 10,000 messages of 64
   * bytes per throughput run, 3 runs after 1 warm-up, every workload but connections (minutes of
   * its own: ask for it); latency 300 messages at 500 per second; 5 connects; fan-in 50 clients of
   * 20 messages; {@value #STARTUP_RUNS} cold starts; connections up to {@value #CONNECTIONS}.
   */
  public static BenchOptions defaults(Path out) {
    return builder(out).build();
  }

  /**
   * A quick bench for a smoke test: a few hundred messages, one run, no warm-up. 300 messages of 64
   * bytes, the default workloads; latency 100 messages at 500 per second; 3 connects; fan-in 10
   * clients of 5 messages; 2 cold starts; connections (when asked for) 100.
   */
  public static BenchOptions quick(Path out) {
    return builder(out)
        .messages(300)
        .runs(1)
        .warmup(0)
        .latencyMessages(100)
        .connects(3)
        .fanInClients(10)
        .fanInMessages(5)
        .startupRuns(2)
        .connections(100)
        .build();
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Messages per throughput run. */
  public int messages() {
    return messages;
  }

  /** Payload bytes (at least {@value Payloads#HEADER}, which hold sequence and stamp). */
  public int size() {
    return size;
  }

  /** Measured runs per contender and scenario. */
  public int runs() {
    return runs;
  }

  /** Unrecorded warm-up runs before them. */
  public int warmup() {
    return warmup;
  }

  /** Which workloads, in the order they run; never empty, not modifiable. */
  public Set<Workload> workloads() {
    return workloads;
  }

  /** Directory for results.csv, results.json and the PNG charts. */
  public Path out() {
    return out;
  }

  /** Messages per latency run. */
  public int latencyMessages() {
    return latencyMessages;
  }

  /** Messages per second in the latency workload. */
  public int latencyRate() {
    return latencyRate;
  }

  /** Connects per connect-time run. */
  public int connects() {
    return connects;
  }

  /** Clients in the fan-in workload. */
  public int fanInClients() {
    return fanInClients;
  }

  /** Messages each fan-in client publishes. */
  public int fanInMessages() {
    return fanInMessages;
  }

  /** Measured cold starts per contender in the start-up workload. */
  public int startupRuns() {
    return startupRuns;
  }

  /** The most idle connections the connections workload holds. */
  public int connections() {
    return connections;
  }

  /**
   * The numbers of idle connections the connections workload holds in turn: 1,000, 5,000 and 10,000
   * up to {@link #connections()}, or that number alone when it is below 1,000.
   */
  public List<Integer> connectionCounts() {
    List<Integer> counts = new ArrayList<>();
    for (int count : new int[] {1_000, 5_000, 10_000}) {
      if (count <= connections) {
        counts.add(count);
      }
    }
    if (counts.isEmpty() || counts.get(counts.size() - 1) < connections) {
      counts.add(connections);
    }
    return List.copyOf(counts);
  }

  /** Whether {@code other} holds the same options. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof BenchOptions o
        && messages == o.messages
        && size == o.size
        && runs == o.runs
        && warmup == o.warmup
        && workloads.equals(o.workloads)
        && out.equals(o.out)
        && latencyMessages == o.latencyMessages
        && latencyRate == o.latencyRate
        && connects == o.connects
        && fanInClients == o.fanInClients
        && fanInMessages == o.fanInMessages
        && startupRuns == o.startupRuns
        && connections == o.connections;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        messages,
        size,
        runs,
        warmup,
        workloads,
        out,
        latencyMessages,
        latencyRate,
        connects,
        fanInClients,
        fanInMessages,
        startupRuns,
        connections);
  }

  /** Every option by name, as a record would show it. */
  @Override
  public String toString() {
    return "BenchOptions[messages="
        + messages
        + ", size="
        + size
        + ", runs="
        + runs
        + ", warmup="
        + warmup
        + ", workloads="
        + workloads
        + ", out="
        + out
        + ", latencyMessages="
        + latencyMessages
        + ", latencyRate="
        + latencyRate
        + ", connects="
        + connects
        + ", fanInClients="
        + fanInClients
        + ", fanInMessages="
        + fanInMessages
        + ", startupRuns="
        + startupRuns
        + ", connections="
        + connections
        + "]";
  }

  /**
   * Builds {@link BenchOptions}; starts from the {@link #defaults(Path)}. Each setter checks its
   * value at once, naming the bound; {@link #build()} checks that the payloads of a throughput run
   * fit in memory. Not thread-safe.
   */
  public static final class Builder {
    private int messages = 10_000;
    private int size = 64;
    private int runs = 3;
    private int warmup = 1;
    private Set<Workload> workloads =
        Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(Workload.CONNECTIONS)));
    private Path out;
    private int latencyMessages = 300;
    private int latencyRate = 500;
    private int connects = 5;
    private int fanInClients = 50;
    private int fanInMessages = 20;
    private int startupRuns = STARTUP_RUNS;
    private int connections = CONNECTIONS;

    private Builder(Path out) {
      out(out);
    }

    private Builder(BenchOptions o) {
      messages = o.messages;
      size = o.size;
      runs = o.runs;
      warmup = o.warmup;
      workloads = o.workloads;
      out = o.out;
      latencyMessages = o.latencyMessages;
      latencyRate = o.latencyRate;
      connects = o.connects;
      fanInClients = o.fanInClients;
      fanInMessages = o.fanInMessages;
      startupRuns = o.startupRuns;
      connections = o.connections;
    }

    /** Messages per throughput run, 1 or more; default 10,000. */
    public Builder messages(int messages) {
      this.messages = positive("messages", messages);
      return this;
    }

    /**
     * Payload bytes, {@value Payloads#HEADER} (a sequence number and a time stamp) to 1048576;
     * default 64.
     */
    public Builder size(int size) {
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
      this.size = size;
      return this;
    }

    /** Measured runs per contender and scenario, 1 or more; default 3. */
    public Builder runs(int runs) {
      this.runs = positive("runs", runs);
      return this;
    }

    /** Unrecorded warm-up runs before the measured ones, 0 or more; default 1. */
    public Builder warmup(int warmup) {
      if (warmup < 0) {
        throw new IllegalArgumentException("Warm-up runs must be 0 or more, not " + warmup + ".");
      }
      this.warmup = warmup;
      return this;
    }

    /** Which workloads, at least one; default all of them but connections. */
    public Builder workloads(Set<Workload> workloads) {
      Objects.requireNonNull(workloads, "workloads");
      if (workloads.isEmpty()) {
        throw new IllegalArgumentException("Choose at least one workload.");
      }
      this.workloads = Collections.unmodifiableSet(EnumSet.copyOf(workloads));
      return this;
    }

    /** Directory for results.csv, results.json and the PNG charts. */
    public Builder out(Path out) {
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    /** Messages per latency run, 1 or more; default 300. */
    public Builder latencyMessages(int latencyMessages) {
      this.latencyMessages = positive("latency messages", latencyMessages);
      return this;
    }

    /** Messages per second in the latency workload, 1 or more; default 500. */
    public Builder latencyRate(int latencyRate) {
      this.latencyRate = positive("latency rate", latencyRate);
      return this;
    }

    /** Connects per connect-time run, 1 or more; default 5. */
    public Builder connects(int connects) {
      this.connects = positive("connects", connects);
      return this;
    }

    /** Clients in the fan-in workload, 1 or more; default 50. */
    public Builder fanInClients(int fanInClients) {
      this.fanInClients = positive("fan-in clients", fanInClients);
      return this;
    }

    /** Messages each fan-in client publishes, 1 or more; default 20. */
    public Builder fanInMessages(int fanInMessages) {
      this.fanInMessages = positive("fan-in messages", fanInMessages);
      return this;
    }

    /**
     * Measured cold starts per contender in the start-up workload, 1 or more; default {@value
     * BenchOptions#STARTUP_RUNS}.
     */
    public Builder startupRuns(int startupRuns) {
      this.startupRuns = positive("start-up runs", startupRuns);
      return this;
    }

    /**
     * The most idle connections the connections workload holds, 1 or more; default {@value
     * BenchOptions#CONNECTIONS}. It holds 1,000, 5,000 and 10,000 in turn, up to this number.
     */
    public Builder connections(int connections) {
      this.connections = positive("connections", connections);
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException when the payloads of a throughput run, made before timing
     *     starts, would take more than 512 MiB
     */
    public BenchOptions build() {
      if ((long) messages * size > 512L * 1024 * 1024) {
        throw new IllegalArgumentException(
            "messages x size must stay under 512 MiB (payloads are made before timing starts);"
                + " send fewer or smaller messages.");
      }
      return new BenchOptions(this);
    }

    private static int positive(String what, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(
            "The number of " + what + " must be at least 1, not " + value + ".");
      }
      return value;
    }
  }
}
