package io.github.simplemqtt.broker.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the {@code mosquitto} executable and tells how to install it. */
public final class Mosquitto {
  /** Where package managers put mosquitto when it is not on the PATH (sbin often is not). */
  static final List<Path> WELL_KNOWN =
      List.of(
          Path.of("/usr/sbin/mosquitto"),
          Path.of("/usr/local/sbin/mosquitto"),
          Path.of("/opt/homebrew/sbin/mosquitto"));

  private static final Pattern VERSION = Pattern.compile("mosquitto version (\\S+)");

  private Mosquitto() {}

  /**
   * The mosquitto executable: the first {@code mosquitto} on the {@code PATH}, else the first of
   * {@code /usr/sbin/mosquitto}, {@code /usr/local/sbin/mosquitto} and {@code
   * /opt/homebrew/sbin/mosquitto} that exists; empty when there is none.
   */
  public static Optional<Path> find() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, "mosquitto"));
        }
      }
    }
    candidates.addAll(WELL_KNOWN);
    return candidates.stream().filter(Mosquitto::isExecutableFile).findFirst();
  }

  /**
   * How to install mosquitto, as one sentence for the end of an error message: the Debian/Ubuntu,
   * Fedora and macOS commands, and the Docker Compose alternative.
   */
  public static String installHint() {
    return "install it with 'sudo apt-get install mosquitto' (Debian/Ubuntu), 'sudo dnf install"
        + " mosquitto' (Fedora) or 'brew install mosquitto' (macOS), or run the broker in Docker"
        + " with 'docker compose up -d' in the broker directory, which has a docker-compose.yml";
  }

  /**
   * The version the executable reports, e.g. {@code 2.0.11}, read from the first line of {@code
   * mosquitto -h}.
   *
   * @throws BrokerProcessException ({@link BrokerProcessException.Reason#NOT_INSTALLED}) when the
   *     file cannot be run or does not name a mosquitto version
   */
  public static String version(Path executable) {
    try {
      Process process =
          new ProcessBuilder(executable.toString(), "-h")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      // The help text is a few kB, well within a pipe's buffer, so waiting before reading is safe.
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw notMosquitto(executable, "it did not answer 'mosquitto -h' within 5 s");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher matcher = VERSION.matcher(output);
      if (!matcher.find()) {
        throw notMosquitto(executable, "its -h output names no mosquitto version");
      }
      return matcher.group(1);
    } catch (IOException e) {
      throw notMosquitto(executable, "it cannot be run (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerProcessException(
          BrokerProcessException.Reason.INTERRUPTED,
          "Interrupted while asking " + executable + " for its version.",
          e);
    }
  }

  /**
   * The executable to run: {@code explicit} when given (it must exist), else {@link #find()}.
   *
   * @throws BrokerProcessException ({@link BrokerProcessException.Reason#NOT_INSTALLED}) with the
   *     install hint
   */
  static Path locate(Optional<Path> explicit, Path brokerDir) {
    if (explicit.isPresent()) {
      Path exe = explicit.get();
      if (isExecutableFile(exe)) {
        return exe;
      }
      throw new BrokerProcessException(
          BrokerProcessException.Reason.NOT_INSTALLED,
          "The mosquitto executable "
              + exe
              + " (set with mosquittoExecutable) does not exist or is not executable: point the"
              + " option at an installed mosquitto, or "
              + installHint()
              + " ("
              + brokerDir.resolve("docker-compose.yml")
              + ").");
    }
    return find()
        .orElseThrow(
            () ->
                new BrokerProcessException(
                    BrokerProcessException.Reason.NOT_INSTALLED,
                    "mosquitto is not installed (it is not on the PATH nor in /usr/sbin,"
                        + " /usr/local/sbin or /opt/homebrew/sbin): "
                        + installHint()
                        + " ("
                        + brokerDir.resolve("docker-compose.yml")
                        + ")."));
  }

  /**
   * Asks the installed mosquitto whether it starts with the {@code config/mosquitto.conf} of a
   * broker directory: it starts a copy of the file whose listeners are moved to free loopback ports
   * and which writes no persistence, pid or log file, then stops it again. A running broker of the
   * directory is not disturbed.
   *
   * @param brokerDir the broker directory; relative paths in its config resolve against it
   * @return empty when mosquitto started with the file, else a sentence with mosquitto's own error
   *     lines (for example {@code Error: Unknown configuration variable "listner".})
   * @throws BrokerProcessException ({@link BrokerProcessException.Reason#NOT_INSTALLED}) when
   *     mosquitto is not installed
   * @throws java.io.UncheckedIOException when the config cannot be read
   */
  public static Optional<String> checkConfig(Path brokerDir) {
    Path executable = locate(Optional.empty(), brokerDir);
    // Generous: on a loaded machine a start can take seconds; a good config ends it at once.
    return ConfigCheck.run(executable, brokerDir, Duration.ofSeconds(30));
  }

  private static boolean isExecutableFile(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }

  private static BrokerProcessException notMosquitto(Path executable, String why) {
    return new BrokerProcessException(
        BrokerProcessException.Reason.NOT_INSTALLED,
        executable + " is not a usable mosquitto: " + why + "; " + installHint() + ".");
  }
}
