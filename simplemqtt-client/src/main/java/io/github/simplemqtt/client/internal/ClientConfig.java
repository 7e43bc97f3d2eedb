package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.LastWill;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.client.tls.TlsSetup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@code MqttClient.Builder} collected, validated and frozen. Internal: the builder is
 * the public way in.
 *
 * @param servers the brokers, in the order they are tried (at least one)
 * @param clientIdGenerated whether the client made its id up: no broker can hold a session for it
 * @param password UTF-8 bytes, or null; never logged
 * @param tls loaded certificates and keys, or null for a plain connection
 * @param handlerExecutor where handlers run, or null for the client's own daemon pool
 * @param maxQueuedBytesPerSubscription bytes of received messages one handler may have waiting
 * @param fallbackToMqtt311 whether an MQTT 5 client connects with MQTT 3.1.1 when the broker
 *     refuses 5
 */
public record ClientConfig(
    List<Servers.Server> servers,
    String clientId,
    boolean clientIdGenerated,
    @Nullable String username,
    byte @Nullable [] password,
    @Nullable TlsSetup tls,
    MqttVersion version,
    Duration keepAlive,
    boolean cleanStart,
    Duration sessionExpiry,
    @Nullable LastWill will,
    Duration connectTimeout,
    boolean automaticReconnect,
    Duration reconnectInitialDelay,
    Duration reconnectMaxDelay,
    Duration publishTimeout,
    int maxPendingPublishes,
    int maxQueuedPerSubscription,
    boolean republishRecentAfterReconnect,
    @Nullable Executor handlerExecutor,
    List<ConnectionListener> listeners,
    long maxQueuedBytesPerSubscription,
    int receiveMaximum,
    boolean fallbackToMqtt311) {

  public ClientConfig {
    servers = List.copyOf(servers);
    listeners = List.copyOf(listeners);
  }

  /** The first broker's host. */
  public String host() {
    return servers.get(0).host();
  }

  /** The first broker's port. */
  public int port() {
    return servers.get(0).port();
  }

  /**
   * Whether {@code connect()} first discards an older session with a short clean-start connection:
   * clean start asked for with a client id of the user's (no broker knows a generated one).
   */
  public boolean discardsSessionBeforeConnect() {
    return cleanStart && !clientIdGenerated;
  }

  @Override
  public String toString() {
    // Deliberately leaves out the password.
    return "ClientConfig["
        + servers.stream().map(Servers.Server::toString).collect(Collectors.joining(" "))
        + ", clientId="
        + clientId
        + ", user="
        + username
        + ", tls="
        + (tls != null)
        + ", "
        + version
        + "]";
  }
}
