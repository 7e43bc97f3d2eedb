package io.github.simplemqtt.client.internal;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientReconnector;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import io.github.simplemqtt.client.tls.TlsSetup;
import io.reactivex.Scheduler;
import io.reactivex.schedulers.Schedulers;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HiveMQ client settings both protocol versions share. */
final class HiveMq {
  private static final AtomicInteger NETTY_COUNT = new AtomicInteger();

  /**
   * Runs HiveMQ's Netty event loops on daemon threads. HiveMQ 1.3.10's own loop threads are not
   * daemon, and its reconnect timer keeps a loop alive, so a program that closed a client which
   * never connected, or which was reconnecting, never exited. One instance for all clients: HiveMQ
   * shares one event loop group per executor and shuts it down when its last client is done.
   */
  private static final Executor NETTY_THREADS =
      runnable -> {
        Thread thread = new Thread(runnable, "simplemqtt-netty-" + NETTY_COUNT.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
      };

  /**
   * HiveMQ's callbacks run straight on its network thread (see {@link #builder}); one scheduler for
   * all clients, as it holds no state.
   */
  private static final Scheduler ON_NETWORK_THREAD = Schedulers.from(Runnable::run);

  /** Both of the above, built once: every client holds its executor config (issue 20's heap). */
  private static final MqttClientExecutorConfig EXECUTORS =
      MqttClientExecutorConfig.builder()
          .applicationScheduler(ON_NETWORK_THREAD)
          .nettyExecutor(NETTY_THREADS)
          .build();

  private static final Logger LOG = LoggerFactory.getLogger(HiveMq.class);

  private HiveMq() {}

  /** The global flow of incoming messages failed; HiveMQ 1.3 ends it only when the client ends. */
  static void flowFailed(Throwable failure, boolean replaced) {
    if (replaced) {
      // Not expected while the client is open: said, so that it can be found.
      LOG.warn(
          "HiveMQ's flow of incoming messages ended ({}); a new one took its place.",
          failure.toString());
    } else {
      LOG.debug("HiveMQ's flow of incoming messages ended: {}", failure.toString());
    }
  }

  /**
   * After a disconnect, asks {@code hooks} whether and when to reconnect and sets HiveMQ's
   * reconnector to match. Returns true when it will reconnect: the caller then hands it its
   * version's CONNECT (with clean start off), because HiveMQ 1.3's reconnector would otherwise drop
   * the credentials, and picks the CONNECT by {@link Hooks#freshSession()}. Should the broker have
   * lost the session, HiveMQ subscribes and publishes again (unless a fresh session was asked for).
   */
  static boolean planReconnect(MqttClientDisconnectedContext context, Hooks hooks) {
    MqttClientReconnector reconnector = context.getReconnector();
    Duration delay =
        hooks.disconnected(
            context.getCause(),
            context.getSource() == MqttDisconnectSource.USER,
            reconnector.getAttempts());
    if (delay == null) {
      reconnector.reconnect(false);
      return false;
    }
    reconnector
        .reconnect(true)
        .delay(delay.toMillis(), TimeUnit.MILLISECONDS)
        .resubscribeIfSessionExpired(true)
        // Kept otherwise: a publish it holds when the broker lost the session goes out again.
        .republishIfSessionExpired(!hooks.freshSession());
    Servers.Server server = hooks.server();
    var address = reconnector.getTransportConfig().getServerAddress();
    if (!server.host().equals(address.getHostString()) || server.port() != address.getPort()) {
      // Keeps the TLS settings and timeouts; TLS checks the name of the broker actually reached.
      reconnector
          .transportConfig()
          .serverHost(server.host())
          .serverPort(server.port())
          .applyTransportConfig();
    }
    return true;
  }

  static MqttClientBuilder builder(ClientConfig config) {
    var transport =
        MqttClient.builder()
            .identifier(config.clientId())
            .transportConfig()
            .serverHost(config.host())
            .serverPort(config.port())
            .socketConnectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .mqttConnectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (config.tls() != null) {
      transport = transport.sslConfig(ssl(config.tls(), config));
    }
    // Netty enables TCP_NODELAY on client sockets by default, which TLS handshakes need.
    return transport
        .applyTransportConfig()
        // HiveMQ completes its futures and hands over incoming messages on its RxJava computation
        // pool by default: a thread switch per message. ClientCore never blocks in those callbacks
        // and moves everything the application sees off the network thread itself (handlers to
        // their subscription's thread, publishAsync futures to an executor), so it takes them
        // straight on the network thread. A blocking publish then wakes as soon as its PUBACK is
        // read, and an incoming message makes one hop instead of two.
        .executorConfig(EXECUTORS);
  }

  private static MqttClientSslConfig ssl(TlsSetup tls, ClientConfig config) {
    MqttClientSslConfigBuilder ssl =
        MqttClientSslConfig.builder()
            .trustManagerFactory(tls.trustManagerFactory())
            .protocols(tls.protocols())
            .handshakeTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (tls.keyManagerFactory().isPresent()) {
      ssl = ssl.keyManagerFactory(tls.keyManagerFactory().get());
    }
    // Without a verifier HiveMQ turns on the JDK's HTTPS endpoint identification: the dialled
    // name or IP must be in the server certificate's subjectAltName.
    if (tls.hostnameVerifier().isPresent()) {
      ssl = ssl.hostnameVerifier(tls.hostnameVerifier().get());
    }
    return ssl.build();
  }

  static MqttQos qos(int qos) {
    return MqttQos.fromCode(qos);
  }
}
