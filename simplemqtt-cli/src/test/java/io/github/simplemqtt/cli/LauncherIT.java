package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./simplemqtt} launcher and {@code scripts/install-prereqs.sh} (shared with {@code
 * ./test.sh}) run for real. Package managers are replaced by shims that record what they were asked
 * to do: a test must not install software on the machine it runs on.
 */
class LauncherIT {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path temp;

  @Test
  void quickstartWithoutMosquittoAndWithoutRootPrintsTheOneInstallCommand() throws Exception {
    Path bin = shims(Map.of("id", "echo 1000", "sudo", "exit 1"));
    Path record = temp.resolve("apt-get.calls");

    Run run =
        run(
            Map.of(
                "PATH", bin + ":/usr/bin:/bin", "SIMPLEMQTT_SBIN", temp.resolve("none").toString()),
            REPO.resolve("simplemqtt").toString(),
            "quickstart");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .isEqualTo(
            "simplemqtt: mosquitto missing; install with: sudo apt-get install -y mosquitto and"
                + " run again.\n");
    assertThat(record).doesNotExist();
  }

  @Test
  void asRootTheSharedScriptInstallsWithAptGet() throws Exception {
    Path bin = shims(Map.of("id", "echo 0"));

    Run run =
        run(
            Map.of("PATH", bin + ":/usr/bin:/bin"),
            REPO.resolve("scripts/install-prereqs.sh").toString(),
            "test.sh",
            "mosquitto",
            "openssl");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("test.sh: installing mosquitto (apt-get)");
    assertThat(Files.readAllLines(temp.resolve("apt-get.calls")))
        .containsExactly("update -qq", "install -y -qq --no-install-recommends mosquitto");
  }

  @Test
  void twoFirstRunsAtOnceBothSucceed() throws Exception {
    // A copy of the sources whose runnable jar was never built; the other modules' classes come
    // along so the build stays short.
    Path copy = temp.resolve("repo");
    copyTree(REPO, copy);
    String launcher = copy.resolve("simplemqtt").toString();
    Map<String, String> environment = Map.of("PATH", System.getenv("PATH"));

    Started first = start(environment, launcher, "--version");
    Started second = start(environment, launcher, "--version");
    Run one = first.finish();
    Run two = second.finish();

    assertThat(one.exitCode()).as(one.output()).isZero();
    assertThat(two.exitCode()).as(two.output()).isZero();
    assertThat(one.output()).contains("simplemqtt");
    assertThat(two.output()).contains("simplemqtt");
    assertThat(one.output() + two.output()).containsOnlyOnce("Building simplemqtt (first run)");
  }

  @Test
  void shortCommandsRunOnTheQuickStartingJvmAndTheBenchKeepsTheDefaults() throws Exception {
    // The unpacked archive's own bin/simplemqtt, which the build made before the ITs run.
    String launcher = REPO.resolve("simplemqtt-cli/target/launcher/bin/simplemqtt").toString();
    Map<String, String> environment =
        Map.of("PATH", System.getenv("PATH"), "SIMPLEMQTT_OPTS", "-XX:+PrintCommandLineFlags");

    Run version = run(environment, launcher, "--version");
    Run bench = run(environment, launcher, "bench", "--help");

    assertThat(version.exitCode()).as(version.output()).isZero();
    assertThat(version.output()).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    assertThat(bench.exitCode()).as(bench.output()).isZero();
    assertThat(bench.output()).doesNotContain("TieredStopAtLevel", "UseSerialGC");
  }

  @Test
  void pubKeepsAClassDataArchivePerUserMadeQuietlyByItsFirstSuccessfulRun() throws Exception {
    String launcher = REPO.resolve("simplemqtt-cli/target/launcher/bin/simplemqtt").toString();
    List<Map<String, String>> javas = new ArrayList<>();
    javas.add(Map.of());
    Path temurin25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    if (Files.isExecutable(temurin25.resolve("bin/java"))) {
      javas.add(Map.of("JAVA_HOME", temurin25.toString()));
    }
    for (Map<String, String> java : javas) {
      Path cache = Files.createTempDirectory(temp, "cache");
      Map<String, String> environment = new HashMap<>(java);
      environment.put("PATH", System.getenv("PATH"));
      environment.put("XDG_CACHE_HOME", cache.toString());
      Map<String, String> without = new HashMap<>(environment);
      without.put("SIMPLEMQTT_ARCHIVE", "off");

      Run plain = run(without, launcher, "pub", "--help");
      Run failed =
          run(environment, launcher, "pub", "-h", "127.0.0.1", "-p", "1", "-t", "t", "-m", "m");
      assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
      assertThat(archives(cache)).as("a failed run keeps nothing").isEmpty();
      Run first = run(environment, launcher, "pub", "--help");
      awaitArchive(cache);
      Run second = run(environment, launcher, "pub", "--help");

      assertThat(plain.exitCode()).as(plain.output()).isZero();
      assertThat(first.output()).as("first run, %s", java).isEqualTo(plain.output());
      assertThat(second.output()).as("second run, %s", java).isEqualTo(plain.output());
      assertThat(archives(cache))
          .singleElement()
          .satisfies(
              name ->
                  assertThat(name).startsWith("pub-").endsWith(java.isEmpty() ? ".jsa" : ".aot"));
    }
  }

  @Test
  void withLittleRoomLeftNoArchiveIsMadeForJavaWouldFailTheCommandWritingIt() throws Exception {
    String launcher = REPO.resolve("simplemqtt-cli/target/launcher/bin/simplemqtt").toString();
    // df says 1 MB is free where the cache goes.
    Path bin =
        shims(
            Map.of(
                "df",
                "echo 'Filesystem 1024-blocks Used Available Capacity Mounted on'\n"
                    + "echo 'tmpfs 2048 1024 1024 50% /cache'"));
    Path cache = Files.createTempDirectory(temp, "cache");
    Map<String, String> environment =
        Map.of("PATH", bin + ":" + System.getenv("PATH"), "XDG_CACHE_HOME", cache.toString());

    Run help = run(environment, launcher, "pub", "--help");

    assertThat(help.exitCode()).as(help.output()).isZero();
    assertThat(help.output()).startsWith("Usage: simplemqtt pub");
    assertThat(archives(cache)).isEmpty();
  }

  private static List<String> archives(Path cache) throws IOException {
    Path folder = cache.resolve("simplemqtt");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  /** Java 25 assembles the AOT cache in the background after the first run. */
  private static void awaitArchive(Path cache) throws Exception {
    for (int i = 0; i < 600; i++) {
      List<String> names = archives(cache);
      if (!names.isEmpty()
          && names.stream().noneMatch(n -> n.endsWith(".config") || n.endsWith(".tmp"))) {
        return;
      }
      Thread.sleep(100);
    }
  }

  record Run(int exitCode, String output) {}

  /** Executables in a fresh folder; apt-get always records its arguments to apt-get.calls. */
  private Path shims(Map<String, String> bodies) throws IOException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Map<String, String> all = new HashMap<>(bodies);
    all.put("apt-get", "echo \"$*\" >> " + temp.resolve("apt-get.calls"));
    for (Map.Entry<String, String> shim : all.entrySet()) {
      Path file = bin.resolve(shim.getKey());
      Files.writeString(file, "#!/bin/sh\n" + shim.getValue() + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bin;
  }

  private Run run(Map<String, String> environment, String... command) throws Exception {
    return start(environment, command).finish();
  }

  /** A process whose output (stdout and stderr together) goes to a file. */
  record Started(Process process, Path output) {
    Run finish() throws Exception {
      try {
        // A full Maven build on a loaded machine: minutes, not seconds.
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
        return new Run(process.exitValue(), Files.readString(output));
      } finally {
        process.destroyForcibly();
      }
    }
  }

  private Started start(Map<String, String> environment, String... command) throws IOException {
    Path output = Files.createTempFile(temp, "output", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().clear();
    builder.environment().put("HOME", System.getProperty("user.home"));
    builder.environment().putAll(environment);
    return new Started(builder.start(), output);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(from)) {
      walk.filter(path -> wanted(from.relativize(path))).forEach(all::add);
    }
    for (Path source : all) {
      Path target = to.resolve(from.relativize(source).toString());
      if (Files.isDirectory(source)) {
        Files.createDirectories(target);
      } else {
        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static boolean wanted(Path relative) {
    String path = relative.toString();
    return !path.startsWith(".git")
        && !path.startsWith("target")
        && !path.startsWith("simplemqtt-cli/target")
        && !path.startsWith("simplemqtt-it/target")
        && !path.startsWith("simplemqtt-testing/target")
        && !path.contains("-reports");
  }
}
