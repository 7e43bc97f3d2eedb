package io.github.simplemqtt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.broker.passwd.PasswordFile;
import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@code @MosquittoTest} declares is what the broker does, and its fault handles work. */
@MosquittoTest(
    users = {"alice:alice-pw", "mallory:mallory:pw"},
    certificates = "device1",
    acl = {
      "user alice",
      "topic readwrite #",
      "user device1",
      "topic write sensors/device1/#",
      "topic read commands/device1",
      "user mallory",
      "topic readwrite public/#"
    },
    saveOnEveryChange = true,
    maxPacketSize = 1024)
class MosquittoTestIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @ConnectedClient(certificate = "device1")
  MqttClient device;

  @Test
  void fieldAndParameterClientsAreConnectedAsDeclared(
      @ConnectedClient(user = "alice") MqttClient alice, RecordingHandler received) {
    assertThat(device.isConnected()).isTrue();
    alice.subscribe("sensors/#", 1, received);
    device.publish("sensors/device1/temp", "21.5", 1, false);
    Message message = received.take(WAIT);
    assertThat(message.topic()).isEqualTo("sensors/device1/temp");
    assertThat(message.payloadAsString()).isEqualTo("21.5");
  }

  @Test
  void aclLinesAreEnforced(
      @ConnectedClient(user = "mallory") MqttClient mallory,
      @ConnectedClient(user = "alice") MqttClient alice,
      RecordingHandler secret,
      RecordingHandler news) {
    // The password keeps everything after the first colon.
    mallory.subscribe("secret/#", 1, secret);
    mallory.subscribe("public/news", 1, news);
    alice.publish("secret/plans", "do not read", 1, false);
    alice.publish("public/news", "hello", 1, false);
    assertThat(news.take(WAIT).payloadAsString()).isEqualTo("hello");
    assertThat(secret.messages()).isEmpty();
  }

  @Test
  void anonymousClientsAreRefusedUnlessDeclared(MosquittoBroker broker) {
    try (MqttClient anonymous = broker.anonymousClient().build()) {
      assertThatThrownBy(anonymous::connect)
          .isInstanceOf(BrokerRefusedException.class)
          .hasMessageContaining("not authorised");
    }
  }

  @Test
  void packetsOverTheDeclaredMaximumAreNotDelivered(
      @ConnectedClient(user = "alice") MqttClient alice, RecordingHandler received) {
    alice.subscribe("size/#", 1, received);
    // Mosquitto announces its limit in CONNACK, so the client refuses before sending.
    assertThatThrownBy(() -> alice.publish("size/big", new byte[2048], 1, false))
        .isInstanceOf(MqttClientException.class)
        .hasMessageContaining("the broker accepts at most 1024 bytes");
    await().atMost(WAIT).until(alice::isConnected);
    alice.publish("size/small", new byte[512], 1, false);
    assertThat(received.take(WAIT).topic()).isEqualTo("size/small");
    assertThat(received.messages()).extracting(Message::topic).containsExactly("size/small");
  }

  @Test
  void killedBrokerComesBackOnTheSamePortsWithWhatItSaved(
      MosquittoBroker broker,
      @ConnectedClient(user = "alice") MqttClient alice,
      RecordingHandler received) {
    int port = broker.port();
    int tlsPort = broker.tlsPort();
    alice.publish("state/lamp", "on", 1, true);
    // The broker saves in its main loop just after acknowledging; a kill must not beat it.
    Path database = broker.path().resolve("data/mosquitto.db");
    await().atMost(WAIT).until(() -> contains(database, "state/lamp"));

    broker.kill();
    await().atMost(WAIT).until(() -> !device.isConnected());
    broker.start();

    assertThat(broker.port()).isEqualTo(port);
    assertThat(broker.tlsPort()).isEqualTo(tlsPort);
    // The injected clients reconnect by themselves, to the same ports.
    await().atMost(WAIT).until(() -> device.isConnected() && alice.isConnected());
    alice.subscribe("state/#", 1, received);
    Message retained = received.take(WAIT);
    assertThat(retained.payloadAsString()).isEqualTo("on");
    assertThat(retained.retained()).isTrue();
    alice.publish("state/lamp", new byte[0], 1, true); // clears it for other tests
  }

  @Test
  void restartKeepsPortsAndReloadReadsChangedFiles(MosquittoBroker broker) {
    int port = broker.port();
    broker.restart();
    assertThat(broker.port()).isEqualTo(port);

    // Written without the kit's automatic reload, so only reload() can make the broker see it.
    PasswordFile passwords = PasswordFile.load(broker.directory().passwordFile());
    passwords.setPassword("carol", "carol-pw".toCharArray());
    passwords.save();
    try (MqttClient carol = broker.anonymousClient().credentials("carol", "carol-pw").build()) {
      assertThatThrownBy(carol::connect).isInstanceOf(BrokerRefusedException.class);
    }
    broker.reload();
    try (MqttClient carol =
        broker
            .anonymousClient()
            .credentials("carol", "carol-pw")
            .automaticReconnect(false)
            .build()) {
      carol.connect();
      assertThat(carol.isConnected()).isTrue();
    }
  }

  private static boolean contains(Path file, String text) throws IOException {
    return Files.exists(file)
        && new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
  }
}
