package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.client.MqttVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to diagnose: where the broker is and how the client would connect.
 *
 * @param host the host as given (name or IP)
 * @param port the port
 * @param chainFile the CA certificates to trust, or null for a plain connection
 * @param certFile the client certificate, or null
 * @param keyFile the client key, or null
 * @param user the user name, or null
 * @param password the password, or null; not printed
 * @param version the MQTT version for the MQTT steps
 * @param brokerDir the broker directory, when known: lets doctor look into the password file
 * @param topic the topic of the round trip
 * @param timeout how long each network step may take
 * @param deliveryWait how long the round trip waits for its message
 */
record Target(
    String host,
    int port,
    @Nullable Path chainFile,
    @Nullable Path certFile,
    @Nullable Path keyFile,
    @Nullable String user,
    char @Nullable [] password,
    MqttVersion version,
    @Nullable Path brokerDir,
    String topic,
    Duration timeout,
    Duration deliveryWait) {

  Target {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(deliveryWait, "deliveryWait");
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("a certificate and its key go together");
    }
    if (certFile != null && chainFile == null) {
      throw new IllegalArgumentException("a client certificate needs a chain file");
    }
  }

  boolean tls() {
    return chainFile != null;
  }

  /**
   * The chain file of a TLS target.
   *
   * @throws IllegalStateException for a plain MQTT target, which has none
   */
  Path tlsChainFile() {
    if (chainFile == null) {
      throw new IllegalStateException("Not a TLS target: " + this);
    }
    return chainFile;
  }

  boolean clientCertificate() {
    return certFile != null;
  }

  String endpoint() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  int timeoutMillis() {
    return (int) timeout.toMillis();
  }

  /** "DIR" in suggested commands: the broker directory when known. */
  String dirForCommands() {
    return brokerDir == null ? "DIR" : brokerDir.toString();
  }

  @Override
  public String toString() {
    // The password never appears.
    return "Target[" + endpoint() + (user == null ? "" : ", user " + user) + "]";
  }
}
