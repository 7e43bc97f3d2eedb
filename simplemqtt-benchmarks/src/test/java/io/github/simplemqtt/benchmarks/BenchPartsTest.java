package io.github.simplemqtt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPartsTest {

  @TempDir Path temp;

  @Test
  void resultsCsvQuotesFieldsWithCommasQuotesAndLineBreaks() throws Exception {
    String scenario = "QoS 1, \"mTLS\"\nsecond line\r\nthird";
    String contender = "line break\nonly";
    Measurement m =
        new Measurement(
            "throughput",
            scenario,
            "msgs/s",
            contender,
            true,
            "msgs/s",
            true,
            List.of(1.0, 2.0),
            10,
            9,
            1,
            0);

    ResultFiles.write(temp, Map.of(), List.of(m), List.of());

    try (Reader in = Files.newBufferedReader(temp.resolve(ResultFiles.CSV));
        CSVParser csv = CSVFormat.RFC4180.builder().setHeader().get().parse(in)) {
      List<CSVRecord> records = csv.getRecords();
      assertThat(records).hasSize(1);
      assertThat(records.get(0).get("scenario")).isEqualTo(scenario);
      assertThat(records.get(0).get("contender")).isEqualTo(contender);
      assertThat(records.get(0).get("lost")).isEqualTo("1");
      assertThat(records.get(0).get("values")).isEqualTo("1.0000 2.0000");
    }
  }

  @Test
  void payloadsCarrySequenceAndStampAsOnePrintableLine() {
    byte[] payload = Payloads.make(42, 123_456_789L, 64);

    assertThat(payload).hasSize(64);
    assertThat(Payloads.sequence(payload)).isEqualTo(42);
    assertThat(Payloads.nanos(payload)).isEqualTo(123_456_789L);
    assertThat(new String(payload, StandardCharsets.US_ASCII)).doesNotContain("\n").isPrintable();
    assertThat(Payloads.sequence("probe".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
  }

  @Test
  void cpuTimeCountsTheWorkOfTheProcessesItWatches() {
    CpuTime cpu = new CpuTime();
    cpu.addBroker(ProcessHandle.current().pid()); // this JVM stands in for a broker
    CpuTime.Reading start = cpu.read();
    CpuTime.Reading end = start;
    long spin = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    // Spin until both clocks move, however coarse each is here (the JVM's own clock counted whole
    // ticks of 10 ms on one machine, while the broker's counts nanoseconds).
    while ((end.brokerNanos() == start.brokerNanos() || end.clientNanos() == start.clientNanos())
        && System.nanoTime() < deadline) {
      for (int i = 0; i < 1_000_000; i++) {
        spin += i ^ (spin >>> 3);
      }
      end = cpu.read();
    }

    double[] perMessage = end.perMessage(start, 10);

    assertThat(end.clientNanos()).isGreaterThan(start.clientNanos());
    assertThat(end.brokerNanos()).isGreaterThan(start.brokerNanos());
    assertThat(perMessage[0]).isPositive();
    assertThat(perMessage[1]).isPositive();
    assertThat(new CpuTime.Reading(-1, 5).perMessage(start, 10)[0]).isNaN();
    assertThat(spin).isNotZero(); // keeps the spinning from being optimised away
  }

  @Test
  void receiverCountsLossDuplicatesAndProbesExactly() throws Exception {
    Receiver receiver = new Receiver(5);
    receiver.accept(Payloads.make(0, 0, 40));
    receiver.accept(Payloads.make(3, 0, 40));
    receiver.accept(Payloads.make(3, 0, 40));
    receiver.accept("probe".getBytes(StandardCharsets.US_ASCII));

    receiver.awaitAll(Duration.ofMillis(50));

    assertThat(receiver.received()).isEqualTo(2);
    assertThat(receiver.duplicates()).isEqualTo(1);
    assertThat(receiver.awaitProbe(Duration.ZERO)).isTrue();
  }

  @Test
  void medianAndRatioPointTheRightWay() {
    Measurement rate = measurement(true, List.of(30.0, 10.0, 20.0, 40.0));
    Measurement time = measurement(false, List.of(5.0, 1.0, 3.0));

    assertThat(rate.median()).isEqualTo(25.0);
    assertThat(rate.ratioTo(50.0)).isEqualTo(0.5);
    assertThat(time.median()).isEqualTo(3.0);
    assertThat(time.ratioTo(6.0)).isEqualTo(2.0);
    assertThat(time.min()).isEqualTo(1.0);
    assertThat(time.max()).isEqualTo(5.0);
  }

  @Test
  void optionsRefuseWhatCannotRun() {
    BenchOptions defaults = BenchOptions.defaults(Path.of("out"));

    assertThatThrownBy(() -> defaults.toBuilder().messages(10).size(8))
        .hasMessageContaining("Message size must be 31");
    assertThatThrownBy(() -> BenchOptions.Workload.of("speed"))
        .hasMessageContaining("throughput, latency, connect, fanin, connections, pki, startup");
  }

  private static Measurement measurement(boolean higherIsBetter, List<Double> values) {
    return new Measurement("w", "s", "m", "c", true, "u", higherIsBetter, values, 0, 0, 0, 0);
  }
}
