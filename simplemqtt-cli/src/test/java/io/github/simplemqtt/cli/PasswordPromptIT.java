package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code user add} asks for the password on a real terminal: the built command line runs under
 * {@code script}, which gives it a pseudo-terminal, so {@link java.io.Console} is there and echo is
 * off.
 */
class PasswordPromptIT {

  @TempDir Path temp;

  @Test
  void asksTwiceWithoutEchoAndStoresThePassword() throws Exception {
    Path dir = brokerDirectory();

    Terminal terminal = Terminal.run("user add alice --dir " + dir);
    terminal.answer("Password for alice: ", "s3cret-on-a-tty");
    terminal.answer("Again: ", "s3cret-on-a-tty");

    assertThat(terminal.exitCode()).as(terminal.output()).isZero();
    assertThat(terminal.output()).contains("Added user alice.").doesNotContain("s3cret-on-a-tty");
    assertThat(Files.readString(dir.resolve("config/.passwords"))).startsWith("alice:$7$");
  }

  @Test
  void twoDifferentAnswersChangeNothing() throws Exception {
    Path dir = brokerDirectory();
    byte[] before = Files.readAllBytes(dir.resolve("config/.passwords"));

    Terminal terminal = Terminal.run("user add alice --dir " + dir);
    terminal.answer("Password for alice: ", "first");
    terminal.answer("Again: ", "second");

    assertThat(terminal.exitCode()).isEqualTo(1);
    assertThat(terminal.output())
        .contains("simplemqtt: The two passwords differ; run the command again.");
    assertThat(Files.readAllBytes(dir.resolve("config/.passwords"))).isEqualTo(before);
  }

  private Path brokerDirectory() {
    Path dir = temp.resolve("mosquitto");
    BrokerDirectory.create(dir, BrokerSettings.defaults(List.of("127.0.0.1")), false);
    return dir;
  }

  /**
   * The built command line on a pseudo-terminal made by util-linux {@code script}; output read as
   * it comes.
   */
  private static final class Terminal {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private int cursor;

    private Terminal(Process process) {
      this.process = process;
      Thread reader = new Thread(this::pump, "terminal-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static Terminal run(String arguments) throws IOException {
      String command = Cli.BUILT + " " + arguments;
      return new Terminal(
          new ProcessBuilder("script", "--quiet", "--return", "--command", command, "/dev/null")
              .redirectErrorStream(true)
              .start());
    }

    /** Waits for the prompt, then types the answer, as a person would. */
    void answer(String prompt, String text) throws IOException {
      await("prompt '" + prompt + "'")
          .atMost(Duration.ofSeconds(30))
          .until(() -> output.indexOf(prompt, cursor) >= 0);
      cursor = output.indexOf(prompt, cursor) + prompt.length();
      OutputStream keyboard = process.getOutputStream();
      keyboard.write((text + "\n").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    }

    int exitCode() throws InterruptedException {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("simplemqtt did not finish; it printed: " + output);
      }
      return process.exitValue();
    }

    String output() {
      return output.toString();
    }

    private void pump() {
      try (InputStream in = process.getInputStream()) {
        byte[] buffer = new byte[1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
          output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        output.append("[read failed: ").append(e).append(']');
      }
    }
  }
}
