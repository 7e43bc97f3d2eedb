package io.github.simplemqtt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.benchmarks.BenchOptions.Workload;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  private static final Path OUT = Path.of("bench-out");

  @Test
  void theBuilderStartsFromTheDefaults() {
    BenchOptions options = BenchOptions.builder(OUT).build();

    assertThat(options).isEqualTo(BenchOptions.defaults(OUT));
    assertThat(options.messages()).isEqualTo(10_000);
    assertThat(options.size()).isEqualTo(64);
    assertThat(options.runs()).isEqualTo(3);
    assertThat(options.warmup()).isEqualTo(1);
    // Connections takes minutes of its own and is run when named.
    assertThat(options.workloads())
        .containsExactly(
            Workload.THROUGHPUT,
            Workload.LATENCY,
            Workload.CONNECT,
            Workload.FANIN,
            Workload.PKI,
            Workload.STARTUP);
    assertThat(options.out()).isEqualTo(OUT);
    assertThat(options.latencyMessages()).isEqualTo(300);
    assertThat(options.latencyRate()).isEqualTo(500);
    assertThat(options.connects()).isEqualTo(5);
    assertThat(options.fanInClients()).isEqualTo(50);
    assertThat(options.fanInMessages()).isEqualTo(20);
    assertThat(options.startupRuns()).isEqualTo(BenchOptions.STARTUP_RUNS).isEqualTo(10);
    assertThat(options.connections()).isEqualTo(BenchOptions.CONNECTIONS).isEqualTo(10_000);
    assertThat(options.connectionCounts()).containsExactly(1_000, 5_000, 10_000);
  }

  @Test
  void theConnectionsWorkloadClimbsTheLadderUpToItsLimit() {
    BenchOptions.Builder builder = BenchOptions.builder(OUT);

    assertThat(builder.connections(100).build().connectionCounts()).containsExactly(100);
    assertThat(builder.connections(1_000).build().connectionCounts()).containsExactly(1_000);
    assertThat(builder.connections(7_000).build().connectionCounts())
        .containsExactly(1_000, 5_000, 7_000);
    assertThat(builder.connections(20_000).build().connectionCounts())
        .containsExactly(1_000, 5_000, 10_000, 20_000);
    assertThatThrownBy(() -> builder.connections(0))
        .hasMessage("The number of connections must be at least 1, not 0.");
  }

  @Test
  void theQuickBenchIsSmall() {
    BenchOptions quick = BenchOptions.quick(OUT);

    assertThat(quick.messages()).isEqualTo(300);
    assertThat(quick.size()).isEqualTo(64);
    assertThat(quick.runs()).isEqualTo(1);
    assertThat(quick.warmup()).isZero();
    assertThat(quick.workloads()).doesNotContain(Workload.CONNECTIONS).hasSize(6);
    assertThat(quick.latencyMessages()).isEqualTo(100);
    assertThat(quick.latencyRate()).isEqualTo(500);
    assertThat(quick.connects()).isEqualTo(3);
    assertThat(quick.fanInClients()).isEqualTo(10);
    assertThat(quick.fanInMessages()).isEqualTo(5);
    assertThat(quick.startupRuns()).isEqualTo(2);
    assertThat(quick.connectionCounts()).containsExactly(100);
  }

  @Test
  void eachSetterSetsItsOption() {
    BenchOptions options =
        BenchOptions.builder(OUT)
            .messages(7)
            .size(100)
            .runs(2)
            .warmup(0)
            .workloads(EnumSet.of(Workload.LATENCY))
            .out(Path.of("elsewhere"))
            .latencyMessages(8)
            .latencyRate(9)
            .connects(4)
            .fanInClients(6)
            .fanInMessages(11)
            .startupRuns(12)
            .build();

    assertThat(options.messages()).isEqualTo(7);
    assertThat(options.size()).isEqualTo(100);
    assertThat(options.runs()).isEqualTo(2);
    assertThat(options.warmup()).isZero();
    assertThat(options.workloads()).containsExactly(Workload.LATENCY);
    assertThat(options.out()).isEqualTo(Path.of("elsewhere"));
    assertThat(options.latencyMessages()).isEqualTo(8);
    assertThat(options.latencyRate()).isEqualTo(9);
    assertThat(options.connects()).isEqualTo(4);
    assertThat(options.fanInClients()).isEqualTo(6);
    assertThat(options.fanInMessages()).isEqualTo(11);
    assertThat(options.startupRuns()).isEqualTo(12);
  }

  @Test
  void workloadsRunInTheirOwnOrderAndCannotBeChangedAfterwards() {
    Set<Workload> given = new LinkedHashSet<>(List.of(Workload.STARTUP, Workload.THROUGHPUT));
    BenchOptions options = BenchOptions.builder(OUT).workloads(given).build();
    given.add(Workload.PKI);

    assertThat(options.workloads()).containsExactly(Workload.THROUGHPUT, Workload.STARTUP);
    assertThatThrownBy(() -> options.workloads().add(Workload.PKI))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> BenchOptions.defaults(OUT).workloads().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilderChangesOnlyWhatIsSet() {
    BenchOptions quick = BenchOptions.quick(OUT);

    BenchOptions bigger = quick.toBuilder().messages(1000).build();

    assertThat(bigger.messages()).isEqualTo(1000);
    assertThat(bigger.toBuilder().messages(300).build()).isEqualTo(quick);
    assertThat(quick.messages()).isEqualTo(300);
    assertThat(quick.toBuilder().build()).isEqualTo(quick).isNotSameAs(quick);
  }

  @Test
  void eachSetterNamesItsBound() {
    assertRefused(b -> b.messages(0), "The number of messages must be at least 1, not 0.");
    assertRefused(b -> b.runs(0), "The number of runs must be at least 1, not 0.");
    assertRefused(
        b -> b.latencyMessages(0), "The number of latency messages must be at least 1, not 0.");
    assertRefused(b -> b.latencyRate(-1), "The number of latency rate must be at least 1, not -1.");
    assertRefused(b -> b.connects(0), "The number of connects must be at least 1, not 0.");
    assertRefused(
        b -> b.fanInClients(0), "The number of fan-in clients must be at least 1, not 0.");
    assertRefused(
        b -> b.fanInMessages(0), "The number of fan-in messages must be at least 1, not 0.");
    assertRefused(b -> b.startupRuns(0), "The number of start-up runs must be at least 1, not 0.");
    assertRefused(b -> b.warmup(-1), "Warm-up runs must be 0 or more, not -1.");
    assertRefused(
        b -> b.size(Payloads.HEADER - 1),
        "Message size must be 31 to 1048576 bytes (the first 31 hold a sequence number and a time"
            + " stamp), not 30.");
    assertThatThrownBy(() -> BenchOptions.builder(OUT).size(1_048_577))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("stamp), not 1048577.");
    assertRefused(b -> b.workloads(Set.of()), "Choose at least one workload.");
    assertRefused(
        b -> b.messages(1_000_000).size(1_000),
        "messages x size must stay under 512 MiB (payloads are made before timing starts);"
            + " send fewer or smaller messages.");
    assertThatThrownBy(() -> BenchOptions.builder(null)).hasMessage("out");
    assertThatThrownBy(() -> BenchOptions.builder(OUT).workloads(null)).hasMessage("workloads");
    BenchOptions bounds =
        BenchOptions.builder(OUT)
            .size(Payloads.HEADER)
            .warmup(0)
            .messages(1)
            .runs(1)
            .latencyMessages(1)
            .latencyRate(1)
            .connects(1)
            .fanInClients(1)
            .fanInMessages(1)
            .startupRuns(1)
            .build();
    assertThat(bounds.size()).isEqualTo(31);
    assertThat(BenchOptions.builder(OUT).size(1_048_576).messages(512).build().size())
        .isEqualTo(1_048_576);
  }

  @Test
  void equalOptionsAreEqualAndEveryOptionCounts() {
    BenchOptions options = BenchOptions.defaults(OUT);

    assertThat(options)
        .isEqualTo(options)
        .isEqualTo(BenchOptions.defaults(OUT))
        .hasSameHashCodeAs(BenchOptions.defaults(OUT))
        .isNotEqualTo(null)
        .isNotEqualTo(options.toString());
    List<UnaryOperator<BenchOptions.Builder>> changes =
        List.of(
            b -> b.messages(1),
            b -> b.size(32),
            b -> b.runs(1),
            b -> b.warmup(0),
            b -> b.workloads(EnumSet.of(Workload.PKI)),
            b -> b.out(Path.of("other")),
            b -> b.latencyMessages(1),
            b -> b.latencyRate(1),
            b -> b.connects(1),
            b -> b.fanInClients(1),
            b -> b.fanInMessages(1),
            b -> b.startupRuns(1),
            b -> b.connections(1));
    for (UnaryOperator<BenchOptions.Builder> change : changes) {
      BenchOptions changed = change.apply(options.toBuilder()).build();
      assertThat(changed).isNotEqualTo(options);
      assertThat(changed.hashCode()).isNotEqualTo(options.hashCode());
    }
    assertThat(BenchOptions.quick(OUT))
        .hasToString(
            "BenchOptions[messages=300, size=64, runs=1, warmup=0, workloads=[THROUGHPUT, LATENCY,"
                + " CONNECT, FANIN, PKI, STARTUP], out=bench-out, latencyMessages=100,"
                + " latencyRate=500, connects=3, fanInClients=10, fanInMessages=5, startupRuns=2,"
                + " connections=100]");
  }

  private static void assertRefused(UnaryOperator<BenchOptions.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(BenchOptions.builder(OUT)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
