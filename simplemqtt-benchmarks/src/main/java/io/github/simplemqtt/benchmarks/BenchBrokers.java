package io.github.simplemqtt.benchmarks;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.pki.KeyType;
import io.github.simplemqtt.broker.process.BrokerProcessException;
import io.github.simplemqtt.broker.process.FreePorts;
import io.github.simplemqtt.broker.process.LocalBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The brokers the bench measures against, made by the kit like any user's broker (so its
 * mosquitto.conf, queue limits included, is the one users get): one with EC P-256 keys, a plain
 * anonymous listener and a mutual-TLS listener; and, for the connect workload, one with the
 * original project's RSA 4096/2048 chain. Loopback only, free ports, deleted afterwards.
 */
final class BenchBrokers implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  private static final int START_ATTEMPTS = 3;

  private final Path folder;
  private final List<LocalBroker> running = new ArrayList<>();
  private final CpuTime cpu = new CpuTime();
  // Ctrl-C during a bench must not leave mosquitto processes behind.
  private final Thread onExit = new Thread(this::stopAll, "bench-brokers-stop");
  private @Nullable Endpoint plain;
  private @Nullable Endpoint ecTls;
  private @Nullable Endpoint rsaTls;
  private @Nullable BrokerDirectory ecDirectory;
  private @Nullable LocalBroker connectionsBroker;
  private @Nullable Endpoint connections;

  BenchBrokers() throws IOException {
    folder = Files.createTempDirectory("simplemqtt-bench-");
    // Mosquitto started as root runs as another user, which must enter this folder.
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** Starts the EC broker (plain and mutual TLS). */
  void startEc() {
    BrokerDirectory dir = start("ec", KeyType.EC, true).dir();
    ecDirectory = dir;
    ClientBundle bundle = dir.issueClient("bench", 30);
    plain = Endpoint.plain(HOST, dir.settings().port());
    ecTls = tls(dir.settings().tlsPort(), bundle);
  }

  /** Starts the RSA broker (mutual TLS only). */
  void startRsa() {
    BrokerDirectory dir = start("rsa", KeyType.RSA, false).dir();
    rsaTls = tls(dir.settings().tlsPort(), dir.issueClient("bench", 30));
  }

  /**
   * Starts the connections workload's broker: EC, mutual TLS only, a broker of its own so that its
   * memory and restarts concern that workload alone.
   */
  void startConnections() {
    Started started = start("connections", KeyType.EC, false);
    BrokerDirectory dir = started.dir();
    synchronized (this) {
      connectionsBroker = started.broker();
    }
    connections = tls(dir.settings().tlsPort(), dir.issueClient("bench", 30));
  }

  Endpoint connectionsEndpoint() {
    return started(connections, "startConnections()");
  }

  /** The connections workload's broker, which it restarts. */
  synchronized LocalBroker connectionsBroker() {
    if (connectionsBroker == null) {
      throw new IllegalStateException("No such broker yet; call startConnections() first.");
    }
    return connectionsBroker;
  }

  private static Endpoint started(@Nullable Endpoint endpoint, String start) {
    if (endpoint == null) {
      throw new IllegalStateException("No such broker yet; call " + start + " first.");
    }
    return endpoint;
  }

  /** CPU time of this process, its tools and the brokers started here. */
  CpuTime cpu() {
    return cpu;
  }

  Endpoint plain() {
    return started(plain, "startEc()");
  }

  Endpoint ecTls() {
    return started(ecTls, "startEc()");
  }

  Endpoint rsaTls() {
    return started(rsaTls, "startRsa()");
  }

  /** The EC broker's mosquitto.conf, for the notes. */
  @Nullable Path ecConfig() {
    return ecDirectory == null ? null : ecDirectory.configFile();
  }

  private static Endpoint tls(int port, ClientBundle bundle) {
    return new Endpoint(
        HOST,
        port,
        new Endpoint.TlsFiles(bundle.chainFile(), bundle.certificateFile(), bundle.keyFile()));
  }

  /** A broker directory and the mosquitto started on it. */
  private record Started(BrokerDirectory dir, LocalBroker broker) {}

  private Started start(String name, KeyType keyType, boolean withPlain) {
    BrokerProcessException clash = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int[] ports = FreePorts.pick(2);
      BrokerSettings settings =
          BrokerSettings.builder()
              .hosts(List.of(HOST))
              .port(withPlain ? ports[0] : 0)
              .tlsPort(ports[1])
              .keyType(keyType)
              .anonymous(true)
              .bindAddress(HOST)
              .build();
      BrokerDirectory dir = BrokerDirectory.create(folder.resolve(name + attempt), settings, false);
      LocalBroker broker = dir.broker();
      try {
        cpu.addBroker(broker.start().pid());
        synchronized (this) {
          running.add(broker);
        }
        return new Started(dir, broker);
      } catch (BrokerProcessException e) {
        if (e.reason() != BrokerProcessException.Reason.PORT_IN_USE) {
          throw e;
        }
        clash = e; // another process took a port between our pick and mosquitto's bind
      }
    }
    throw clash;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException e) {
      // Already shutting down; the hook does the same.
    }
    stopAll();
  }

  private synchronized void stopAll() {
    for (LocalBroker broker : running) {
      try {
        broker.stop();
      } catch (RuntimeException e) {
        broker.kill();
      }
    }
    running.clear();
    Folders.deleteRecursively(folder);
  }
}
