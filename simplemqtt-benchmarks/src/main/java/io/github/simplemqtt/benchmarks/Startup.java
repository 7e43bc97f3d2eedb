package io.github.simplemqtt.benchmarks;

import io.github.simplemqtt.benchmarks.Trial.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The start-up workload: one short command as a user runs it, a fresh process each time. The
 * installed {@code bin/simplemqtt pub} (mutual TLS, QoS 0, one message) against {@code
 * mosquitto_pub} with the same three PEM files. Wall time from starting the process to its exit,
 * and its CPU time (user + system of the child and everything it waited for, in 10 ms ticks).
 *
 * <p>The launcher is found through the {@value #HOME_PROPERTY} system property that {@code
 * bin/simplemqtt} sets to the folder it was unpacked to; a bench started otherwise (from an IDE, by
 * Maven's tests) skips the workload and says why.
 */
final class Startup {
  /** The system property bin/simplemqtt sets to its install folder. */
  static final String HOME_PROPERTY = "simplemqtt.home";

  /** Why the workload is skipped when there is no installed launcher. */
  static final String NO_LAUNCHER =
      "startup skipped: it times the installed bin/simplemqtt, and this bench was not started by"
          + " one (run `simplemqtt bench` from an unpacked simplemqtt-bench archive, or"
          + " ./simplemqtt bench in the source tree).";

  /** How long a run may take before it counts as hung. */
  private static final Duration LIMIT = Duration.ofMinutes(1);

  /** How long to wait for a class-data archive that a first run left to be made in background. */
  private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(60);

  private Startup() {}

  /** The launcher {@code bin/simplemqtt} under {@code home}, when home is given and has one. */
  static Optional<Path> launcher(String home) {
    if (home == null || home.isBlank()) {
      return Optional.empty();
    }
    Path launcher = Path.of(home, "bin", "simplemqtt");
    return Files.isExecutable(launcher) ? Optional.of(launcher) : Optional.empty();
  }

  /** The launcher of the running installation, from {@value #HOME_PROPERTY}. */
  static Optional<Path> installedLauncher() {
    return launcher(System.getProperty(HOME_PROPERTY));
  }

  /** {@code simplemqtt pub} over mutual TLS, one message at QoS 0. */
  static List<String> simplemqttPub(Path launcher, Endpoint endpoint, String topic) {
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "pub"));
    command.addAll(publishArguments(endpoint, topic));
    return command;
  }

  /** {@code mosquitto_pub} with the same files and message (MQTT 5, like ours). */
  static List<String> mosquittoPub(Path tool, Endpoint endpoint, String topic) {
    List<String> command = new ArrayList<>(List.of(tool.toString(), "-V", "5"));
    command.addAll(publishArguments(endpoint, topic));
    return command;
  }

  private static List<String> publishArguments(Endpoint endpoint, String topic) {
    if (!endpoint.tls()) {
      throw new IllegalArgumentException("The start-up workload measures mutual TLS.");
    }
    return List.of(
        "-h",
        endpoint.host(),
        "-p",
        Integer.toString(endpoint.port()),
        "--cafile",
        endpoint.tlsFiles().chainFile().toString(),
        "--cert",
        endpoint.tlsFiles().certFile().toString(),
        "--key",
        endpoint.tlsFiles().keyFile().toString(),
        "-t",
        topic,
        "-q",
        "0",
        "-m",
        "hello");
  }

  /** One run's figures: wall and CPU time in milliseconds. */
  static Outcome outcome(long wallNanos, long cpuNanos) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("wall", wallNanos / 1e6);
    values.put("CPU", cpuNanos < 0 ? Double.NaN : cpuNanos / 1e6);
    return new Outcome(values, 0, 0, 0);
  }

  /**
   * Runs {@code command} once with {@code environment} added to this process's, its output
   * discarded and its errors kept in {@code errors}; fails when it exits with another code than 0.
   */
  static Outcome run(List<String> command, Map<String, String> environment, Path errors)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(errors.toFile());
    builder.environment().putAll(environment);
    long cpuBefore = CpuTime.reapedChildrenNanos();
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " hung");
    }
    long wall = System.nanoTime() - start;
    long cpuAfter = CpuTime.reapedChildrenNanos();
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          command.get(0)
              + " exited with "
              + process.exitValue()
              + ": "
              + Files.readString(errors, StandardCharsets.UTF_8).strip());
    }
    return outcome(wall, cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore);
  }

  /**
   * Waits until {@code cache} holds no archive still being made: on Java 25 the launcher's first
   * run leaves the AOT cache to a java in the background ({@code *.config} and {@code *.tmp}
   * files), and a timed run must not race it. Outside the timed interval.
   */
  static void awaitArchives(Path cache) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + ARCHIVE_WAIT.toNanos();
    while (System.nanoTime() < deadline && pending(cache)) {
      Thread.sleep(100);
    }
  }

  private static boolean pending(Path cache) throws IOException {
    Path folder = cache.resolve("simplemqtt");
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(file -> file.getFileName().toString())
          .anyMatch(name -> name.endsWith(".config") || name.endsWith(".tmp"));
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
