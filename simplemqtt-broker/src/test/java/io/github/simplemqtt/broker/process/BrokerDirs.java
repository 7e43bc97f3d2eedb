package io.github.simplemqtt.broker.process;

import io.github.simplemqtt.broker.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helpers: broker directories with plain-listener configs, and running mosquitto_pub. */
final class BrokerDirs {
  private BrokerDirs() {}

  /**
   * A broker directory {@code <tempDir>/broker} with a config listening on {@code ports} of
   * 127.0.0.1, anonymous, persistence in data/ and the log in log/. The JUnit temp dir (mode 0700)
   * is opened to 0755 so that mosquitto, which runs as user mosquitto when tests run as root, can
   * enter it.
   */
  static Path create(Path tempDir, String extraConfig, int... ports) {
    openUp(tempDir);
    Path dir = tempDir.resolve("broker");
    writeConfig(dir, config(extraConfig, ports));
    return dir;
  }

  static Path create(Path tempDir, int... ports) {
    return create(tempDir, "allow_anonymous true\n", ports);
  }

  static String config(String extraConfig, int... ports) {
    StringBuilder text = new StringBuilder("# written by a test\n");
    for (int port : ports) {
      text.append("listener ").append(port).append(" 127.0.0.1\n");
    }
    return text.append(extraConfig)
        .append("persistence true\n")
        .append("persistence_location data/\n")
        .append("log_dest file log/mosquitto.log\n")
        .toString();
  }

  static void writeConfig(Path dir, String text) {
    AtomicFiles.writePublic(dir.resolve("config/mosquitto.conf"), text);
  }

  static void openUp(Path dir) {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The result of running a command: its exit code and its merged output. */
  record Result(int exitCode, String output) {}

  static Result run(Path workDir, String... command) {
    try {
      Path out = Files.createTempFile("cmd", ".out");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish within 20 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** mosquitto_pub one message to 127.0.0.1:port, with credentials when user is not null. */
  static Result publish(int port, String user, String password) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-t",
                "t",
                "-m",
                "x"));
    if (user != null) {
      command.addAll(List.of("-u", user, "-P", password));
    }
    return run(Path.of("."), command.toArray(String[]::new));
  }

  static boolean accepts(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
