package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.process.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's tour as written: every shell block marked {@code <!-- tour: run -->} goes to
 * bash in one folder, in order, with {@code ./simplemqtt} being the built command line, and must
 * exit 0 and print each text its {@code # prints:} comments promise. Blocks marked {@code <!--
 * tour: show -->} need systemd or Docker, which a test machine lacks: the files they name must
 * exist.
 *
 * <p>The only changes made to the commands: the example address 192.168.1.103 becomes 127.0.0.1,
 * ports 1883 and 8883 become free ports, and {@code init} binds to 127.0.0.1.
 */
class ReadmeTourIT {

  private static final Path README = Path.of("../README.md");
  private static final Pattern MARKED_BLOCK =
      Pattern.compile("<!-- tour: (run|show) -->\\n```sh\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern PRINTS = Pattern.compile("# prints: (.+)$", Pattern.MULTILINE);
  private static final Pattern BROKER_FILE = Pattern.compile("\\bmosquitto/[\\w./-]+");

  @TempDir Path temp;

  record Block(boolean run, String text) {}

  @Test
  void theTourRunsAsWritten() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<Block> blocks = blocks(Files.readString(README));
    assertThat(blocks).filteredOn(Block::run).hasSizeGreaterThanOrEqualTo(3);
    writeLauncher();
    int[] ports = FreePorts.pick(2);

    for (Block block : blocks) {
      if (block.run()) {
        String script = localise(block.text(), ports);
        String output = bash(script);
        for (Matcher promised = PRINTS.matcher(block.text()); promised.find(); ) {
          // Tables align with runs of spaces; the README may show them as one.
          assertThat(output.replaceAll(" +", " "))
              .as("output of\n%s", script)
              .contains(promised.group(1).strip().replaceAll(" +", " "));
        }
      }
    }
    for (Block block : blocks) {
      if (!block.run()) {
        for (Matcher named = BROKER_FILE.matcher(block.text()); named.find(); ) {
          assertThat(temp.resolve(named.group())).as("named in\n%s", block.text()).exists();
        }
      }
    }
  }

  /** A broker the tour left running (because a block failed half way) must not outlive us. */
  @AfterEach
  void stopBrokers() throws IOException {
    try (Stream<Path> dirs = Files.list(temp)) {
      for (Path dir : dirs.filter(d -> Files.exists(d.resolve("simplemqtt.pid"))).toList()) {
        BrokerDirectory.open(dir).broker().stop();
      }
    }
  }

  static List<Block> blocks(String readme) {
    List<Block> blocks = new ArrayList<>();
    Matcher matcher = MARKED_BLOCK.matcher(readme);
    while (matcher.find()) {
      blocks.add(new Block(matcher.group(1).equals("run"), matcher.group(2)));
    }
    return blocks;
  }

  private static String localise(String block, int[] ports) {
    return block
        .replace("192.168.1.103", "127.0.0.1")
        .replace("1883", Integer.toString(ports[0]))
        .replace("8883", Integer.toString(ports[1]))
        .replaceAll(
            "(?m)^(\\./simplemqtt init .*)$",
            "$1 --port " + ports[0] + " --tls-port " + ports[1] + " --bind 127.0.0.1");
  }

  private void writeLauncher() throws IOException {
    Path launcher = temp.resolve("simplemqtt");
    Files.writeString(launcher, "#!/bin/sh\nexec '" + Cli.BUILT + "' \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String bash(String script) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
            .directory(temp.toFile())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    try {
      // Output is small; reading to the end also waits for bash to exit.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bash finished").isTrue();
      assertThat(process.exitValue())
          .as("exit code of\n%s\nwhich printed\n%s", script, output)
          .isZero();
      return output;
    } finally {
      process.destroyForcibly();
    }
  }
}
