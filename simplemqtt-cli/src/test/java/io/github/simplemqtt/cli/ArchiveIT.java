package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.process.Mosquitto;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoTest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archives as a user gets them: {@code package} builds target/simplemqtt-VERSION.tar.gz
 * and .zip; unpacked in a folder outside the source tree, bin/simplemqtt runs with a PATH that
 * holds only {@code java} and {@code ls}. No Maven, no JAVA_HOME, no source tree, a HOME and a
 * working directory of its own.
 */
@MosquittoTest(users = "alice:secret", tls = false)
class ArchiveIT {

  private static final String VERSION = System.getProperty("simplemqtt.version");
  private static final String NAME = "simplemqtt-" + VERSION;

  @TempDir static Path temp;
  private static Path home;
  private static Path work;
  private static Path path;

  @BeforeAll
  static void unpackTheArchiveOutsideTheSourceTree() throws Exception {
    assertThat(VERSION).as("failsafe passes simplemqtt.version").isNotBlank();
    Path install = Files.createDirectories(temp.resolve("opt"));
    Run untar =
        run(
            List.of("tar", "-xzf", archive(".tar.gz").toString(), "-C", install.toString()),
            install,
            System.getenv());
    assertThat(untar.exitCode()).as(untar.output()).isZero();
    home = install.resolve(NAME);
    work = Files.createDirectories(temp.resolve("work"));
    // Nothing else on the PATH: no mvn, no source tree, no other java.
    path = Files.createDirectories(temp.resolve("path"));
    Files.createSymbolicLink(
        path.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    // ls: the start script reads where a symlink to it points.
    Files.createSymbolicLink(path.resolve("ls"), which("ls"));
  }

  @Test
  void theArchiveHoldsTheStartScriptsTheCompletionScriptAndTheLibrariesButNoBenchmark()
      throws IOException {
    assertThat(Files.getPosixFilePermissions(home.resolve("bin/simplemqtt")))
        .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    assertThat(Files.readString(home.resolve("bin/simplemqtt.bat"))).contains("\r\n");
    assertThat(home.resolve("completion/simplemqtt.bash")).isRegularFile();
    List<String> jars;
    try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
      jars = lib.map(jar -> jar.getFileName().toString()).sorted().toList();
    }
    assertThat(jars)
        .contains(
            "simplemqtt-cli-" + VERSION + ".jar",
            "simplemqtt-client-" + VERSION + ".jar",
            "simplemqtt-broker-" + VERSION + ".jar")
        .anyMatch(jar -> jar.startsWith("picocli-"))
        .noneMatch(jar -> jar.startsWith("simplemqtt-benchmarks"))
        .noneMatch(jar -> jar.contains("paho"))
        .noneMatch(jar -> jar.startsWith("xchart"));
  }

  @Test
  void theZipHoldsTheSameFilesWithTheStartScriptExecutable() throws IOException {
    Set<String> unpacked = new TreeSet<>();
    try (Stream<Path> files = Files.walk(home)) {
      files
          .filter(Files::isRegularFile)
          .forEach(file -> unpacked.add(NAME + "/" + home.relativize(file)));
    }
    Set<String> zipped = new TreeSet<>();
    URI zip = URI.create("jar:" + archive(".zip").toUri());
    try (FileSystem archive =
            FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", true));
        Stream<Path> files = Files.walk(archive.getPath("/"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        zipped.add(file.toString().substring(1));
      }
      assertThat(Files.getPosixFilePermissions(archive.getPath(NAME, "bin", "simplemqtt")))
          .contains(PosixFilePermission.OWNER_EXECUTE);
    }

    assertThat(zipped).isEqualTo(unpacked);
  }

  @Test
  void versionNamesTheJavaAndTheMosquittoItRuns() throws Exception {
    Path mosquitto = Mosquitto.find().orElseThrow();

    Run version = simplemqtt("--version");

    assertThat(version.exitCode()).as(version.output()).isZero();
    assertThat(version.output().lines())
        .containsExactly(
            "simplemqtt " + VERSION,
            Version.java(),
            "mosquitto " + Mosquitto.version(mosquitto) + " (" + mosquitto + ")");
  }

  @Test
  void quickstartRunsEveryStepAndNamesTheInstalledCommand() throws Exception {
    Run quickstart = simplemqtt("quickstart");

    assertThat(quickstart.exitCode()).as(quickstart.output()).isZero();
    assertThat(quickstart.output())
        .contains("ok started mosquitto on 127.0.0.1")
        .contains("ok bob connected with his client certificate (mutual TLS)")
        .contains("ok stopped mosquitto")
        .contains("\n  simplemqtt init ./mosquitto --host <your IP>\n")
        .doesNotContain("./simplemqtt")
        .doesNotContain("FAILED");
  }

  @Test
  void pubAndSubTalkToABroker(MosquittoBroker broker) throws Exception {
    List<String> connection =
        List.of(
            "-h",
            broker.host(),
            "-p",
            Integer.toString(broker.port()),
            "-u",
            "alice",
            "-P",
            broker.password("alice"));

    // Retained, so the subscriber started afterwards gets it without a race.
    Run pub = simplemqtt(connection, "pub", "-t", "archive/hello", "-m", "from the archive", "-r");
    Run sub = simplemqtt(connection, "sub", "-t", "archive/hello", "-C", "1", "-W", "30");

    assertThat(pub.exitCode()).as(pub.output()).isZero();
    assertThat(sub.exitCode()).as(sub.output()).isZero();
    assertThat(sub.output()).isEqualTo("from the archive\n");
  }

  /**
   * Java 24+ prints four warning lines when a library calls sun.misc.Unsafe's memory methods, which
   * Netty and JCTools under the MQTT client do; the start script keeps them off the screen on the
   * newest Java installed here (Temurin 25 on the build machine), and must not pass Java 17 an
   * option it refuses. Found both through a symlink on the PATH and through JAVA_HOME.
   */
  @Test
  void onTheNewestJavaInstalledPubAndSubPrintOnlyTheMessage(MosquittoBroker broker)
      throws Exception {
    Path newest = newestJavaHome();
    Path newestPath = Files.createDirectories(temp.resolve("newest-java-path"));
    Files.createSymbolicLink(newestPath.resolve("java"), newest.resolve("bin/java"));
    Files.createSymbolicLink(newestPath.resolve("ls"), which("ls"));
    List<String> connection =
        List.of(
            "-h",
            broker.host(),
            "-p",
            Integer.toString(broker.port()),
            "-u",
            "alice",
            "-P",
            broker.password("alice"));
    Map<String, String> viaJavaHome =
        Map.of("PATH", path.toString(), "JAVA_HOME", newest.toString(), "HOME", work.toString());
    Map<String, String> viaPath = Map.of("PATH", newestPath.toString(), "HOME", work.toString());

    Run pub =
        simplemqtt(
            viaJavaHome, connection, "pub", "-t", "archive/newest", "-m", "on the newest", "-r");
    Run sub = simplemqtt(viaPath, connection, "sub", "-t", "archive/newest", "-C", "1", "-W", "30");

    assertThat(pub.exitCode()).as(pub.output()).isZero();
    assertThat(pub.output()).as("pub on %s", newest).isEmpty();
    assertThat(sub.exitCode()).as(sub.output()).isZero();
    assertThat(sub.output()).as("sub on %s", newest).isEqualTo("on the newest\n");
  }

  @Test
  void benchIsLeftOutAndTheOneLineSaysWhereItIs() throws Exception {
    Run bench = simplemqtt("bench", "--quick");

    assertThat(bench.exitCode()).isEqualTo(1);
    assertThat(bench.output().lines())
        .containsExactly(
            "simplemqtt: bench is not part of this installation: unpack the simplemqtt-bench"
                + " archive (the same command line with the benchmark) or run ./simplemqtt bench in"
                + " the source tree.");
  }

  @Test
  void theBenchArchiveRunsBenchWithPahoAndItsCharts() throws Exception {
    Path install = Files.createDirectories(temp.resolve("opt-bench"));
    String bench = "simplemqtt-bench-" + VERSION;
    Run untar =
        run(
            List.of(
                "tar",
                "-xzf",
                Path.of("target", bench + ".tar.gz").toAbsolutePath().toString(),
                "-C",
                install.toString()),
            install,
            System.getenv());
    assertThat(untar.exitCode()).as(untar.output()).isZero();
    Path out = temp.resolve("bench-results");

    // Fan-in runs Paho beside our client; the chart comes from XChart: both only in this archive.
    Run run =
        run(
            List.of(
                install.resolve(bench).resolve("bin/simplemqtt").toString(),
                "bench",
                "--quick",
                "--workloads",
                "fanin",
                "--clients",
                "3",
                "--out",
                out.toString()),
            work,
            Map.of(
                "PATH",
                path.toString(),
                "HOME",
                Files.createDirectories(temp.resolve("home")).toString()));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(Files.readString(out.resolve("results.csv"))).contains("Paho");
    assertThat(out.resolve("fanin.png")).isRegularFile();
  }

  @Test
  void theCompletionScriptCompletesCommandsAndOptions() throws Exception {
    // Bash looks up "./simplemqtt" (a path) under its last part, so the one registration serves
    // the installed command and the source tree's launcher; the function sees either word first.
    String script =
        "source '"
            + home.resolve("completion/simplemqtt.bash")
            + "'\n"
            + "complete -p simplemqtt\n"
            + "COMP_WORDS=(simplemqtt qui); COMP_CWORD=1; _complete_simplemqtt\n"
            + "echo \"words: ${COMPREPLY[*]}\"\n"
            + "COMP_WORDS=(./simplemqtt user add --pass); COMP_CWORD=3; _complete_simplemqtt\n"
            + "echo \"options: ${COMPREPLY[*]}\"\n";

    Run bash = run(List.of("bash", "-c", script), work, Map.of("PATH", "/usr/bin:/bin"));

    assertThat(bash.exitCode()).as(bash.output()).isZero();
    assertThat(bash.output())
        .contains("-F _complete_simplemqtt simplemqtt\n")
        .contains("words: quickstart\n")
        .contains("options: --password-stdin");
  }

  private static Path archive(String extension) {
    Path archive = Path.of("target", NAME + extension).toAbsolutePath();
    assertThat(archive).as("built by package").isRegularFile();
    return archive;
  }

  private static Run simplemqtt(String... args) throws Exception {
    return simplemqtt(List.of(), args);
  }

  /** bin/simplemqtt ARGS CONNECTION, from the unpacked archive, with only java on the PATH. */
  private static Run simplemqtt(List<String> connection, String... args) throws Exception {
    return simplemqtt(
        Map.of(
            "PATH",
            path.toString(),
            "HOME",
            Files.createDirectories(temp.resolve("home")).toString()),
        connection,
        args);
  }

  private static Run simplemqtt(
      Map<String, String> environment, List<String> connection, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/simplemqtt").toString());
    command.addAll(List.of(args));
    command.addAll(connection);
    return run(command, work, environment);
  }

  /**
   * The installed JDK or JRE with the highest feature version under /usr/lib/jvm and /opt, by its
   * release file; the Java running this test when none is newer.
   */
  private static Path newestJavaHome() throws IOException {
    Path newest = Path.of(System.getProperty("java.home"));
    int newestVersion = Runtime.version().feature();
    for (String root : List.of("/usr/lib/jvm", "/opt")) {
      if (!Files.isDirectory(Path.of(root))) {
        continue;
      }
      try (Stream<Path> homes = Files.list(Path.of(root))) {
        for (Path candidate : homes.toList()) {
          int version = featureVersion(candidate.resolve("release"));
          if (version > newestVersion && Files.isExecutable(candidate.resolve("bin/java"))) {
            newest = candidate;
            newestVersion = version;
          }
        }
      }
    }
    return newest;
  }

  private static int featureVersion(Path release) throws IOException {
    if (!Files.isRegularFile(release)) {
      return 0;
    }
    for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
      if (line.startsWith("JAVA_VERSION=")) {
        String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
        String feature = version.split("[.+-]", 2)[0];
        return feature.matches("\\d+") ? Integer.parseInt(feature) : 0;
      }
    }
    return 0;
  }

  record Run(int exitCode, String output) {}

  /** Runs with exactly the given environment; stdout and stderr together. */
  private static Run run(List<String> command, Path directory, Map<String, String> environment)
      throws Exception {
    Path output = Files.createTempFile(temp, "output", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
      return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  private static Path which(String tool) {
    for (String dir : List.of("/usr/bin", "/bin")) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(tool + " is in neither /usr/bin nor /bin");
  }
}
