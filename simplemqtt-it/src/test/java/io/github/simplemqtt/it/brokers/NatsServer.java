package io.github.simplemqtt.it.brokers;

import io.github.simplemqtt.broker.process.FreePorts;
import io.github.simplemqtt.client.MqttClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code nats-server} (2.9, Debian's) with JetStream and its MQTT listener (MQTT 3.1.1, QoS
 * 0 and 1 only; {@code .} and space refused in topics), on free 127.0.0.1 ports in a temp folder.
 * {@link #shared()} is the JVM's plain one, started on first use and stopped by PID when the JVM
 * ends; {@link #start(Options)} starts one with other settings, which the caller closes. Ready once
 * the server logs "Server is ready" (its MQTT listener is up before that line), read as it is
 * written: no polling, no sleeps. {@code ./test.sh} installs nats-server; without it the tests fail
 * with the install command.
 */
public final class NatsServer implements AutoCloseable {
  private static final int START_ATTEMPTS = 3;
  private static @Nullable NatsServer shared;

  /**
   * What a server is started with.
   *
   * @param tls the MQTT listener's TLS: server certificate, key and the CA file client certificates
   *     must chain to ({@code verify: true}); null for plain MQTT
   * @param lonelyClusterNode when true, the server is one node of a cluster whose two other nodes
   *     never come: JetStream has no leader, so NATS refuses every MQTT connection
   */
  public record Options(@Nullable Tls tls, boolean lonelyClusterNode) {}

  /** The MQTT listener's TLS files. */
  public record Tls(Path certificate, Path key, Path clientCa) {}

  private final Path home;
  private final Process process;
  private final int mqttPort;
  private final List<String> log;

  private NatsServer(Path home, Process process, int mqttPort, List<String> log) {
    this.home = home;
    this.process = process;
    this.mqttPort = mqttPort;
    this.log = log;
  }

  /** The JVM's plain NATS, started on first use. */
  public static synchronized NatsServer shared() {
    if (shared == null) {
      NatsServer started = start(new Options(null, false));
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "nats-server-stop"));
      shared = started;
    }
    return shared;
  }

  /** Starts a server with {@code options}; the caller closes it. */
  public static NatsServer start(Options options) {
    Path home;
    try {
      home = Files.createTempDirectory("simplemqtt-nats-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a folder for nats-server", e);
    }
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startIn(home, options);
      } catch (PortTaken e) {
        last = new IllegalStateException(e.getMessage());
      }
    }
    deleteRecursively(home);
    throw last;
  }

  /** nats-server exited because a port we picked was taken meanwhile; pick again. */
  private static final class PortTaken extends Exception {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message, null, false, false);
    }
  }

  private static NatsServer startIn(Path home, Options options) throws PortTaken {
    int[] ports = FreePorts.pick(5);
    Path config = home.resolve("nats-" + ports[1] + ".conf");
    try {
      Files.writeString(config, config(home, ports, options));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process process;
    try {
      process =
          new ProcessBuilder(executable(), "-c", config.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not run nats-server ("
              + e.getMessage()
              + "); these tests need a real one: apt-get install -y nats-server (./test.sh does"
              + " it).",
          e);
    }
    List<String> log = new ArrayList<>();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  synchronized (log) {
                    log.add(line);
                  }
                  if (line.contains("Server is ready")) {
                    ready.complete(true);
                  }
                }
              } catch (IOException e) {
                // The process ended; so does its output.
              }
              ready.complete(false);
            },
            "nats-server-log-" + ports[1]);
    reader.setDaemon(true);
    reader.start();
    boolean up;
    try {
      up = ready.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      up = false;
    }
    NatsServer server = new NatsServer(home, process, ports[1], log);
    if (!up) {
      process.destroyForcibly();
      String tail = server.logTail();
      if (tail.contains("address already in use")) {
        throw new PortTaken("nats-server found a port taken: " + tail);
      }
      server.close();
      throw new IllegalStateException("nats-server did not become ready within 30 s: " + tail);
    }
    return server;
  }

  private static String executable() {
    for (String candidate : List.of("/usr/sbin/nats-server", "/usr/bin/nats-server")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "nats-server"; // from the PATH
  }

  private static String config(Path home, int[] ports, Options options) {
    StringBuilder config = new StringBuilder();
    config
        .append("server_name: simplemqtt-test-")
        .append(ports[1])
        .append('\n')
        .append("listen: 127.0.0.1:")
        .append(ports[0])
        .append('\n')
        .append("jetstream { store_dir: \"")
        .append(home.resolve("jetstream"))
        .append("\" }\n");
    if (options.lonelyClusterNode()) {
      // Two routes to nodes that never come: no JetStream meta leader, ever.
      config
          .append("cluster { name: lonely, listen: 127.0.0.1:")
          .append(ports[2])
          .append(", routes: [nats://127.0.0.1:")
          .append(ports[3])
          .append(", nats://127.0.0.1:")
          .append(ports[4])
          .append("] }\n");
    }
    config.append("mqtt {\n  listen: 127.0.0.1:").append(ports[1]).append('\n');
    if (options.tls() != null) {
      Tls tls = options.tls();
      config
          .append("  tls { cert_file: \"")
          .append(tls.certificate())
          .append("\", key_file: \"")
          .append(tls.key())
          .append("\", ca_file: \"")
          .append(tls.clientCa())
          .append("\", verify: true, timeout: 5 }\n");
    }
    config.append("}\n");
    return config.toString();
  }

  public String host() {
    return "127.0.0.1";
  }

  /** The MQTT listener's port. */
  public int mqttPort() {
    return mqttPort;
  }

  /** A client builder for the MQTT listener, MQTT 3.1.1 (all NATS speaks). */
  public MqttClient.Builder client() {
    return MqttClient.builder()
        .broker(host(), mqttPort)
        .mqttVersion(io.github.simplemqtt.client.MqttVersion.V3_1_1);
  }

  /** What the server logged so far, for failure messages and for what NATS said. */
  public String logTail() {
    synchronized (log) {
      return String.join("\n", log.subList(Math.max(0, log.size() - 20), log.size()));
    }
  }

  /** Every line the server logged so far. */
  public List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** Stops the server by its PID (SIGTERM, then SIGKILL after 10 s) and deletes its folder. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteRecursively(home);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a temp folder.
    }
  }

  @Override
  public String toString() {
    return "NatsServer[127.0.0.1:" + mqttPort + ", pid " + process.pid() + "]";
  }
}
