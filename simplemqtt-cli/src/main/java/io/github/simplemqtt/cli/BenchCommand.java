package io.github.simplemqtt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simplemqtt bench}: our client side by side with HiveMQ's, Paho and mosquitto's tools.
 *
 * <p>The benchmark ships apart (the simplemqtt-bench archive, and {@code ./simplemqtt} in the
 * source tree), so this class names none of its types: picocli reflects on every field and method
 * here, and the user archive has no benchmark classes to load. {@link BenchRun} holds the calls.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Measures simplemqtt's client side by side with HiveMQ's client used directly, Eclipse Paho"
          + " Java and mosquitto_pub/mosquitto_sub, on a throw-away mosquitto it starts on free"
          + " loopback ports (plain and mutual TLS). Prints a table with ratios against the best"
          + " other library, and writes results.csv, results.json and a PNG chart per workload.",
      "Workloads: throughput (QoS 0/1/2, plain and mTLS, loss counted), latency (p50/p99/max at"
          + " a fixed rate), connect (mTLS, EC against RSA), fanin (many clients: threads and"
          + " heap per client), pki (creating the PKI, EC against RSA), startup (cold starts of"
          + " this installation's `simplemqtt pub` over mutual TLS, with and without its"
          + " class-data archive, against mosquitto_pub: wall and CPU time), connections (only"
          + " when named: 1,000, 5,000 and 10,000 idle mutual-TLS clients on one broker, its"
          + " memory and the clients' threads and heap per connection, and a broker restart"
          + " under 1,000 clients: time until all are back, messages lost).",
      "Exit code 0 when the bench ran; the figures say how the targets fared.",
      "Part of the simplemqtt-bench archive and of ./simplemqtt in the source tree; the"
          + " simplemqtt archive leaves the benchmark out."
    },
    footer = {
      "",
      "Examples:",
      "  simplemqtt bench",
      "  simplemqtt bench --quick --out /tmp/bench",
      "  simplemqtt bench --workloads throughput,latency --messages 50000 --size 256"
    })
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--messages",
      paramLabel = "N",
      description = "Messages per throughput run (blocking publish sends N/5). Default 10000.")
  @Nullable Integer messages;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      description = "Payload size in bytes, at least 31. Default 64.")
  @Nullable Integer size;

  @Option(names = "--runs", paramLabel = "N", description = "Measured runs. Default 3.")
  @Nullable Integer runs;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description = "Unrecorded warm-up runs before them. Default 1.")
  @Nullable Integer warmup;

  @Option(
      names = "--workloads",
      split = ",",
      paramLabel = "NAME",
      description =
          "Which workloads: throughput, latency, connect, fanin, connections, pki, startup."
              + " Default all but connections.")
  @Nullable List<String> workloads;

  @Option(
      names = "--clients",
      paramLabel = "N",
      description = "Clients in the fan-in workload. Default 50.")
  @Nullable Integer clients;

  @Option(
      names = "--connections",
      paramLabel = "N",
      description =
          "The most idle connections the connections workload holds (1000, 5000 and 10000 in"
              + " turn, up to N). Default 10000.")
  @Nullable Integer connections;

  @Option(
      names = "--startup-runs",
      paramLabel = "N",
      description =
          "Cold starts per contender in the startup workload, after 2 warm-ups. Default 10.")
  @Nullable Integer startupRuns;

  @Option(
      names = "--rate",
      paramLabel = "MSGS_PER_S",
      description = "Message rate of the latency workload. Default 500.")
  @Nullable Integer rate;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where results.csv, results.json and the charts go. Default ./bench-results.")
  Path out = Path.of("bench-results");

  @Option(
      names = "--quick",
      description =
          "A quick smoke run: 300 messages, one run, no warm-up, 10 fan-in clients, 2 cold"
              + " starts."
              + " Other options still override it.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    if (!BenchRun.installed()) {
      throw new CliFailure(
          "bench is not part of this installation: unpack the simplemqtt-bench archive (the same"
              + " command line with the benchmark) or run ./simplemqtt bench in the source tree.");
    }
    return BenchRun.run(this);
  }
}
