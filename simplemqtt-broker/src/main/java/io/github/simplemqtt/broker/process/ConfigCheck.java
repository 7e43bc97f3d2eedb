package io.github.simplemqtt.broker.process;

import io.github.simplemqtt.broker.config.MosquittoConfFile;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Lets the installed mosquitto judge a {@code mosquitto.conf}: a short start of a copy whose
 * listeners are moved to free loopback ports and that leaves the real broker's files alone (no
 * persistence, no pid file, log to stderr). Whatever mosquitto refuses to start with, it names.
 */
final class ConfigCheck {
  /** Options the copy leaves out: they would touch the running broker's files. */
  private static final List<String> DROPPED =
      List.of(
          "pid_file",
          "persistence",
          "persistence_file",
          "persistence_location",
          "autosave_interval",
          "autosave_on_changes",
          "log_dest",
          "user",
          "bind_address");

  /** A bridge's options for when it connects; the copy sets its own. */
  private static final List<String> BRIDGE_START = List.of("start_type", "threshold");

  /** The time stamp mosquitto puts before each log line, either format. */
  private static final Pattern TIME_STAMP = Pattern.compile("^(\\d+|\\d{4}-\\d\\d-\\d\\d\\S*): ");

  private ConfigCheck() {}

  static Optional<String> run(Path executable, Path brokerDir, Duration timeout) {
    Path config = brokerDir.resolve("config/mosquitto.conf");
    Path temp = null;
    try {
      MosquittoConfFile conf = MosquittoConfFile.read(config, brokerDir);
      temp = Files.createTempDirectory("simplemqtt-config-check");
      Path copy = temp.resolve("mosquitto.conf");
      List<Integer> ports = new ArrayList<>();
      Files.write(copy, rewrite(conf, brokerDir, ports), StandardCharsets.UTF_8);
      Path output = temp.resolve("output.txt");
      // Relative paths in the config are relative to the broker directory, as for a real start.
      Process process =
          new ProcessBuilder(executable.toString(), "-c", copy.toString())
              .directory(brokerDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      try {
        return awaitVerdict(process, ports, output, timeout);
      } finally {
        process.destroy();
        if (!ProcessProbe.waitFor(process.onExit(), Duration.ofSeconds(10).toNanos())) {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not check " + config + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * The copy: its options in reading order (the files of an {@code include_dir} that exists in
   * place of that line, so their listeners move too), every listener (and the old {@code port}
   * option) on a free loopback port, the dropped options gone, the log on stderr. {@code user root}
   * keeps a check run as root from dropping privileges: who may read which file is doctor's other
   * checks' business and is fixed by {@code broker start}, while this check is about what mosquitto
   * makes of the file.
   */
  static List<String> rewrite(MosquittoConfFile conf, Path brokerDir, List<Integer> ports) {
    List<String> out = new ArrayList<>();
    out.add("log_dest stderr");
    out.add("user root");
    boolean inBridge = false;
    for (MosquittoConfFile.Option option : conf.options()) {
      String name = option.name();
      if (name.equals("connection") || name.equals("listener")) {
        inBridge = name.equals("connection");
      }
      if (inBridge && BRIDGE_START.contains(name)) {
        out.add("# " + option);
      } else if (name.equals("connection")) {
        // The copy must not connect the bridge: the central would take it for the real one,
        // with the same client id, and push the real bridge out. Lazy, it waits for messages.
        out.add(option.toString());
        out.add("start_type lazy");
        out.add("threshold " + Integer.MAX_VALUE);
      } else if (DROPPED.contains(name)
          || (name.equals("include_dir") && Files.isDirectory(brokerDir.resolve(option.value())))) {
        out.add("# " + option);
      } else if ((name.equals("listener") || name.equals("port")) && !option.value().isEmpty()) {
        int port = FreePorts.pick();
        ports.add(port);
        out.add(name.equals("port") ? "port " + port : "listener " + port + " 127.0.0.1");
      } else {
        out.add(option.toString());
      }
    }
    if (ports.isEmpty()) {
      // Without listeners mosquitto 2.0 takes port 1883, which another broker may hold.
      int port = FreePorts.pick();
      ports.add(port);
      out.add("listener " + port + " 127.0.0.1");
      out.add("allow_anonymous false");
    }
    return out;
  }

  private static Optional<String> awaitVerdict(
      Process process, List<Integer> ports, Path output, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = ProcessProbe.firstPause();
    long connectAfter = System.nanoTime() + ListeningPorts.PROC_ONLY.toNanos();
    List<Integer> waiting = new ArrayList<>(ports);
    while (process.isAlive()) {
      ListeningPorts.removeListening(
          process.pid(), waiting, Integer::intValue, connectAfter, ConfigCheck::answers);
      if (waiting.isEmpty()) {
        return Optional.empty();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.of(
            "mosquitto did not open its listeners within "
                + timeout.toSeconds()
                + " s"
                + said(Files.readAllLines(output, StandardCharsets.UTF_8)));
      }
      ProcessProbe.waitFor(process.onExit(), Math.min(pause, left));
      pause = ProcessProbe.nextPause(pause);
    }
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    return Optional.of("mosquitto refuses to start with it" + said(lines));
  }

  /** ": " and mosquitto's error lines without time stamps, or its last line without any. */
  private static String said(List<String> lines) {
    List<String> errors = new ArrayList<>();
    String last = null;
    for (String line : lines) {
      String text = TIME_STAMP.matcher(line.strip()).replaceFirst("");
      if (text.isEmpty()) {
        continue;
      }
      last = text;
      if (text.startsWith("Error")) {
        errors.add(text);
      }
    }
    if (errors.isEmpty() && last != null) {
      errors.add(last);
    }
    return errors.isEmpty() ? "" : ": " + String.join(" ", errors);
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteQuietly(@Nullable Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A temp folder holding a config copy (no secrets); the OS cleans up /tmp.
    }
  }
}
