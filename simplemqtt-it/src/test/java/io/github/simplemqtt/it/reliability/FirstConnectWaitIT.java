package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.it.delivery.LogLines;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code connect(Duration)}: a service that starts before its broker waits for it with the
 * reconnect back-off, logs each cause once, and gives up with the last one; a refusal that waiting
 * cannot fix is not waited for. The client dials through a {@link FaultProxy}, which counts the
 * attempts; the broker behind it is stopped while the client waits.
 */
class FirstConnectWaitIT {
  private static final Duration ATTEMPTS_WITHIN = Duration.ofSeconds(30);

  @RegisterExtension
  MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "alice-pw").withoutTls().build();

  private static MqttClient.Builder through(FaultProxy proxy, MosquittoBroker broker) {
    return broker
        .passwordClient("alice")
        .broker(proxy.host(), proxy.port())
        .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200));
  }

  @Test
  void waitsForABrokerThatStartsLaterAndLogsTheCauseOnce(
      MosquittoBroker broker, RecordingHandler received) throws Exception {
    broker.stop();
    try (LogLines log = new LogLines();
        FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient client = through(proxy, broker).build()) {
      CompletableFuture<Void> connecting =
          CompletableFuture.runAsync(() -> client.connect(Duration.ofMinutes(2)));
      await().atMost(ATTEMPTS_WITHIN).until(() -> proxy.acceptedConnections() >= 4);
      assertThat(connecting).isNotDone();

      broker.start();
      connecting.get(30, TimeUnit.SECONDS);

      assertThat(client.isConnected()).isTrue();
      // One line per different cause (closed, reset), not one per attempt.
      assertThat(proxy.acceptedConnections()).isGreaterThanOrEqualTo(4);
      assertThat(log.containing("Trying again for up to")).hasSizeBetween(1, 2);
      client.subscribe("wait/ok", 1, received);
      client.publish("wait/ok", "here", 1, false);
      assertThat(received.take(Duration.ofSeconds(10)).payloadAsString()).isEqualTo("here");
    }
  }

  @Test
  void givesUpWithTheLastCause(MosquittoBroker broker) {
    broker.stop();
    try (LogLines log = new LogLines();
        FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient client = through(proxy, broker).build()) {
      assertThatThrownBy(() -> client.connect(Duration.ofSeconds(2)))
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining(proxy.host() + ":" + proxy.port());
      assertThat(proxy.acceptedConnections()).isGreaterThanOrEqualTo(2);
      assertThat(log.containing("Gave up connecting to", "attempts in 2 s")).hasSize(1);
      assertThat(client.isConnected()).isFalse();
    }
  }

  @Test
  void aWrongPasswordIsNotWaitedFor(MosquittoBroker broker) {
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient client =
            through(proxy, broker).credentials("alice", "not-her-password").build()) {
      assertThatThrownBy(() -> client.connect(Duration.ofMinutes(5)))
          .isInstanceOf(BrokerRefusedException.class);
      assertThat(proxy.acceptedConnections()).isEqualTo(1);
    }
  }

  @Test
  void closeEndsTheWait(MosquittoBroker broker) throws Exception {
    broker.stop();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
      MqttClient client = through(proxy, broker).build();
      CompletableFuture<Void> connecting =
          CompletableFuture.runAsync(() -> client.connect(Duration.ofMinutes(5)));
      await().atMost(ATTEMPTS_WITHIN).until(() -> proxy.acceptedConnections() >= 2);

      client.close();

      assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage(
              "This MqttClient (" + client.clientId() + ") is closed; build a new one.");
    }
  }

  @Test
  void refusesANegativeWait(MosquittoBroker broker) {
    try (MqttClient client = broker.passwordClient("alice").build()) {
      assertThatThrownBy(() -> client.connect(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("The wait must be zero or more, not PT-1S.");
    }
  }
}
