package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled log backend prints nothing but errors, and the libraries' log with {@code --debug}.
 * Each command runs in a JVM of its own, as a user's would: slf4j-simple reads its settings once.
 */
class LoggingTest {
  @TempDir Path temp;

  @Test
  void theLibrariesLogShowsOnlyWithDebug() throws Exception {
    Path dir = temp.resolve("mosquitto");
    assertThat(run("init", dir.toString(), "--host", "127.0.0.1").exitCode()).isZero();

    // The kit logs this at INFO when asked to stop a broker that is not running.
    Run quiet = run("broker", "stop", "--dir", dir.toString());
    Run debug = run("--debug", "broker", "stop", "--dir", dir.toString());

    assertThat(quiet.exitCode()).as(quiet.err()).isZero();
    assertThat(quiet.err()).doesNotContain("nothing to stop");
    assertThat(debug.exitCode()).as(debug.err()).isZero();
    assertThat(debug.err()).contains("INFO").contains("mosquitto is not running");
  }

  record Run(int exitCode, String err) {}

  private static Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
    return new Run(process.exitValue(), err);
  }
}
