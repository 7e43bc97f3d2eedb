package io.github.simplemqtt.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Mosquitto's own C clients, run as processes: {@code mosquitto_sub} prints each payload on a line
 * (it flushes every message), {@code mosquitto_pub -l} sends each line of its input as a message.
 * Both with {@code --nodelay}, their fastest setting (without it Nagle's algorithm held QoS 0
 * messages for up to 40 ms), and MQTT 3.1.1, because {@code mosquitto_pub -V 5 -l} fails with a
 * protocol error at QoS 2 in Mosquitto 2.0.11.
 */
final class MosquittoTools {
  private MosquittoTools() {}

  static @Nullable Path find(String tool) {
    for (String dir :
        (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, tool);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  static boolean available() {
    return find("mosquitto_pub") != null && find("mosquitto_sub") != null;
  }

  /** A running mosquitto_sub whose output lines go to a receiver. */
  static final class Subscriber implements AutoCloseable {
    private final Process process;
    private final Thread reader;

    Subscriber(Endpoint endpoint, String topic, int qos, String clientId, Receiver receiver)
        throws IOException {
      List<String> command = base("mosquitto_sub", endpoint, clientId);
      command.addAll(List.of("-t", topic, "-q", Integer.toString(qos)));
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(
                            process.getInputStream(), StandardCharsets.US_ASCII))) {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    receiver.accept(line.getBytes(StandardCharsets.US_ASCII));
                  }
                } catch (IOException e) {
                  // The process was stopped.
                }
              },
              "bench-mosquitto_sub-reader");
      reader.setDaemon(true);
      reader.start();
    }

    boolean alive() {
      return process.isAlive();
    }

    ProcessHandle process() {
      return process.toHandle();
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
        reader.join(5_000);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Runs {@code mosquitto_pub -l} over {@code lines} and waits for it to finish. */
  static void publishLines(Endpoint endpoint, String topic, int qos, String clientId, Path lines)
      throws IOException, InterruptedException {
    List<String> command = base("mosquitto_pub", endpoint, clientId);
    command.addAll(List.of("-t", topic, "-q", Integer.toString(qos), "-l"));
    Process process =
        new ProcessBuilder(command)
            .redirectInput(lines.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    waitFor(process, Duration.ofMinutes(5));
  }

  /** Starts {@code mosquitto_pub -l} reading lines the caller writes to its input. */
  static Process startLinePublisher(Endpoint endpoint, String topic, int qos, String clientId)
      throws IOException {
    List<String> command = base("mosquitto_pub", endpoint, clientId);
    command.addAll(List.of("-t", topic, "-q", Integer.toString(qos), "-l"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  static void writeLine(OutputStream in, byte[] payload) throws IOException {
    in.write(payload);
    in.write('\n');
    in.flush();
  }

  static void waitFor(Process process, Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(process.info().command().orElse("mosquitto_pub") + " hung");
    }
  }

  private static List<String> base(String tool, Endpoint endpoint, String clientId) {
    List<String> command = new ArrayList<>();
    Path executable = find(tool);
    if (executable == null) {
      throw new IllegalStateException(tool + " is not installed (not on the PATH).");
    }
    command.add(executable.toString());
    command.addAll(
        List.of(
            "-h",
            endpoint.host(),
            "-p",
            Integer.toString(endpoint.port()),
            "-i",
            clientId,
            "--nodelay"));
    if (endpoint.tls()) {
      command.addAll(
          List.of(
              "--cafile",
              endpoint.tlsFiles().chainFile().toString(),
              "--cert",
              endpoint.tlsFiles().certFile().toString(),
              "--key",
              endpoint.tlsFiles().keyFile().toString()));
    }
    return command;
  }
}
