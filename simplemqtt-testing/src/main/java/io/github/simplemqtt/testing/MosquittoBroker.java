package io.github.simplemqtt.testing;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.process.LocalBroker;
import io.github.simplemqtt.client.MqttClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A running, throw-away Mosquitto made by {@link MosquittoTest} or {@link MosquittoExtension}:
 * where it listens, the files its clients need, ready-made client builders, and handles for fault
 * tests. Declare it as a parameter of a test or lifecycle method.
 *
 * <p>The fault handles keep the ports: after {@link #stop()} or {@link #kill()}, {@link #start()}
 * brings the broker back where its clients left it, with what it had persisted (everything on a
 * graceful stop; after a kill, what it had saved, which is every change with {@code
 * saveOnEveryChange}). The next test starts with the broker running again in any case.
 */
public final class MosquittoBroker {
  private final BrokerDirectory directory;
  private final Map<String, String> passwords;
  private final Map<String, ClientBundle> bundles;
  private final LocalBroker process;

  MosquittoBroker(
      BrokerDirectory directory,
      LocalBroker process,
      Map<String, String> passwords,
      Map<String, ClientBundle> bundles) {
    this.directory = directory;
    this.process = process;
    this.passwords = Map.copyOf(passwords);
    this.bundles = Map.copyOf(bundles);
  }

  /** Always {@code 127.0.0.1}: the test broker listens on loopback only. */
  public String host() {
    return "127.0.0.1";
  }

  /** The plain (password or anonymous) listener's port. */
  public int port() {
    int port = directory.settings().port();
    if (port == 0) {
      throw new IllegalStateException("This broker has no plain listener.");
    }
    return port;
  }

  /** The mutual-TLS listener's port. */
  public int tlsPort() {
    int port = directory.settings().tlsPort();
    if (port == 0) {
      throw new IllegalStateException(
          "This broker has no TLS listener; leave tls = true (or do not call withoutTls()).");
    }
    return port;
  }

  /** The broker directory, for tests of the kit itself. */
  public BrokerDirectory directory() {
    return directory;
  }

  /** The certificate bundle issued for {@code name} by {@code certificate(name)}. */
  public ClientBundle bundle(String name) {
    ClientBundle bundle = bundles.get(name);
    if (bundle == null) {
      throw new IllegalArgumentException(
          "No client certificate named '"
              + name
              + "'; declare it with certificates = \""
              + name
              + "\" in @MosquittoTest or certificate(\""
              + name
              + "\") on the builder. Declared: "
              + bundles.keySet());
    }
    return bundle;
  }

  /** The password declared for {@code user}. */
  public String password(String user) {
    String password = passwords.get(user);
    if (password == null) {
      throw new IllegalArgumentException(
          "No user named '"
              + user
              + "'; declare it with users = \""
              + user
              + ":password\" in @MosquittoTest or user(\""
              + user
              + "\", password) on the builder. Declared: "
              + passwords.keySet());
    }
    return password;
  }

  /** A client builder for the plain listener, anonymous. */
  public MqttClient.Builder anonymousClient() {
    return MqttClient.builder().broker(host(), port());
  }

  /** A client builder for the plain listener, logged in as a declared user. */
  public MqttClient.Builder passwordClient(String user) {
    return anonymousClient().credentials(user, password(user));
  }

  /** A client builder for the TLS listener, presenting the declared certificate {@code name}. */
  public MqttClient.Builder tlsClient(String name) {
    ClientBundle bundle = bundle(name);
    return MqttClient.builder()
        .broker(host(), tlsPort())
        .tls(bundle.chainFile(), bundle.certificateFile(), bundle.keyFile());
  }

  /** Stops the broker gracefully (SIGTERM), which saves its state; {@link #start()} resumes it. */
  public void stop() {
    process.stop();
  }

  /** Kills the broker at once (SIGKILL), as a crash would. */
  public void kill() {
    process.kill();
  }

  /**
   * Starts the broker again on the same ports, with what it persisted; returns once its listeners
   * accept connections.
   */
  public void start() {
    process.start();
  }

  /** Stops the broker gracefully and starts it again on the same ports, with its saved state. */
  public void restart() {
    process.restart();
  }

  /** Makes the broker re-read its password file, ACL and CRL (SIGHUP). */
  public void reload() {
    process.reload();
  }

  /** The last lines of the broker's log, for failure messages. */
  public List<String> logTail(int lines) {
    return process.logTail(lines);
  }

  /** The broker directory's path. */
  public Path path() {
    return directory.path();
  }

  LocalBroker process() {
    return process;
  }

  @Override
  public String toString() {
    return "MosquittoBroker[" + host() + ", dir=" + directory.path() + "]";
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof MosquittoBroker that && directory.path().equals(that.directory.path());
  }

  @Override
  public int hashCode() {
    return Objects.hash(directory.path());
  }
}
