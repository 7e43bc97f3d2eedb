package io.github.simplemqtt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.benchmarks.BenchOptions.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up workload's parts that run without a broker or an installed launcher. */
class StartupTest {
  private static final Endpoint TLS =
      new Endpoint(
          "127.0.0.1",
          18894,
          new Endpoint.TlsFiles(
              Path.of("/c/chain.crt"), Path.of("/c/client.crt"), Path.of("/c/k")));

  @TempDir Path temp;

  @Test
  void theWorkloadIsNamedStartupAndRunsTenColdStartsByDefault() {
    assertThat(Workload.of("STARTUP ")).isEqualTo(Workload.STARTUP);
    assertThat(BenchOptions.defaults(Path.of("out")).workloads()).contains(Workload.STARTUP);
    assertThat(BenchOptions.defaults(Path.of("out")).startupRuns()).isEqualTo(10);
    assertThat(BenchOptions.quick(Path.of("out")).startupRuns()).isEqualTo(2);
    assertThatThrownBy(() -> Workload.of("boot")).hasMessageContaining("pki, startup");
  }

  @Test
  void theLauncherIsTheHomesExecutableBinSimplemqtt() throws Exception {
    assertThat(Startup.launcher(null)).isEmpty();
    assertThat(Startup.launcher(" ")).isEmpty();
    assertThat(Startup.launcher(temp.toString())).isEmpty();
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path launcher = Files.writeString(bin.resolve("simplemqtt"), "#!/bin/sh\n");
    assertThat(Startup.launcher(temp.toString())).as("not executable").isEmpty();
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Startup.launcher(temp.toString())).contains(launcher);
    assertThat(Startup.NO_LAUNCHER).startsWith("startup skipped: ").contains("bin/simplemqtt");
  }

  @Test
  void bothCommandsPublishOneQos0MessageWithTheSameFiles() {
    List<String> files =
        List.of(
            "-h",
            "127.0.0.1",
            "-p",
            "18894",
            "--cafile",
            "/c/chain.crt",
            "--cert",
            "/c/client.crt",
            "--key",
            "/c/k",
            "-t",
            "bench/t",
            "-q",
            "0",
            "-m",
            "hello");

    List<String> ours = Startup.simplemqttPub(Path.of("/opt/s/bin/simplemqtt"), TLS, "bench/t");
    List<String> theirs = Startup.mosquittoPub(Path.of("/usr/bin/mosquitto_pub"), TLS, "bench/t");

    assertThat(ours.subList(0, 2)).containsExactly("/opt/s/bin/simplemqtt", "pub");
    assertThat(ours.subList(2, ours.size())).isEqualTo(files);
    assertThat(theirs.subList(0, 3)).containsExactly("/usr/bin/mosquitto_pub", "-V", "5");
    assertThat(theirs.subList(3, theirs.size())).isEqualTo(files);
    assertThatThrownBy(
            () -> Startup.simplemqttPub(Path.of("s"), Endpoint.plain("127.0.0.1", 1883), "t"))
        .hasMessageContaining("mutual TLS");
  }

  @Test
  void aRunReportsWallAndCpuInMillisecondsAndFailsOnAnExitCode() throws Exception {
    Path errors = temp.resolve("errors.txt");
    // Busy for a moment, so the CPU clock (10 ms ticks) can move; never negative.
    Trial.Outcome outcome =
        Startup.run(
            List.of("sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"),
            Map.of(),
            errors);

    assertThat(outcome.values()).containsOnlyKeys("wall", "CPU");
    assertThat(outcome.values().get("wall")).isPositive().isLessThan(60_000.0);
    assertThat(outcome.values().get("CPU")).isNotNegative().isLessThan(60_000.0);
    assertThatThrownBy(
            () -> Startup.run(List.of("sh", "-c", "echo no broker >&2; exit 3"), Map.of(), errors))
        .hasMessageContaining("exited with 3: no broker");
    Trial.Outcome ticks = Startup.outcome(412_000_000L, 390_000_000L);
    assertThat(ticks.values()).containsEntry("wall", 412.0).containsEntry("CPU", 390.0);
    assertThat(Startup.outcome(1, -1).values().get("CPU")).isNaN();
  }

  @Test
  void theStartupTargetIsReadFromTheArchivedPubsWallMedian() {
    Measurement fast = startup("simplemqtt pub", "wall", List.of(300.0, 340.0, 500.0));
    Measurement slow = startup("simplemqtt pub, no archive", "wall", List.of(900.0));

    List<Report.Target> targets = Report.targets(List.of(fast, slow));

    assertThat(targets).hasSize(1);
    assertThat(targets.get(0).met()).isTrue();
    assertThat(targets.get(0).figure()).isEqualTo("340 ms");
    assertThat(Report.targets(List.of(startup("simplemqtt pub", "wall", List.of(351.0)))))
        .singleElement()
        .satisfies(target -> assertThat(target.met()).isFalse());
  }

  @Test
  void archivesBeingMadeAreAwaitedAndAnEmptyCacheIsNot() throws Exception {
    long start = System.nanoTime();
    Startup.awaitArchives(temp.resolve("none"));
    Path folder = Files.createDirectories(temp.resolve("cache/simplemqtt"));
    Files.writeString(folder.resolve("pub.aot"), "done");
    Startup.awaitArchives(temp.resolve("cache"));
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);

    Path config = Files.writeString(folder.resolve("pub.aot.123.config"), "recording");
    Thread remover =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
                Files.delete(config);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    remover.start();
    Startup.awaitArchives(temp.resolve("cache"));
    assertThat(config).doesNotExist();
    remover.join();
  }

  private static Measurement startup(String contender, String metric, List<Double> values) {
    return new Measurement(
        "startup", "mTLS pub", metric, contender, true, "ms", false, values, 0, 0, 0, 0);
  }
}
