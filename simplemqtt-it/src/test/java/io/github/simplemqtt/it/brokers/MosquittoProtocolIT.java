package io.github.simplemqtt.it.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The protocol round trips against Mosquitto, with the same packet limit as HiveMQ CE's. */
class MosquittoProtocolIT extends ProtocolRoundTrips {
  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder()
          .withoutTls()
          .anonymous(true)
          .maxPacketSize(HiveMqCe.MAX_PACKET)
          .build();

  private MosquittoBroker broker() {
    return mosquitto.broker();
  }

  @Override
  MqttClient.Builder client() {
    return broker().anonymousClient();
  }

  @Override
  int maxPacket() {
    return HiveMqCe.MAX_PACKET;
  }

  @org.junit.jupiter.api.Test
  void fallbackToMqtt311StaysOnMqtt5WithABrokerThatSpeaksIt() {
    try (FaultProxy proxy = FaultProxy.start(broker().host(), broker().port());
        MqttClient client =
            MqttClient.builder()
                .broker(proxy.host(), proxy.port())
                .fallbackToMqtt311(true)
                .build()) {
      client.connect();
      assertThat(client.mqttVersion()).isEqualTo(MqttVersion.V5);
      assertThat(proxy.acceptedConnections()).isEqualTo(1); // no second try
      RecordingHandler received = new RecordingHandler();
      client.subscribe("MosquittoProtocolIT/fallback", 1, received);
      client.publish(
          io.github.simplemqtt.client.Message.builder("MosquittoProtocolIT/fallback")
              .payload("with a property")
              .qos(1)
              .userProperty("kept", "on MQTT 5")
              .build());
      assertThat(received.take(WAIT).properties().userProperty("kept")).contains("on MQTT 5");
    }
  }

  // Only here: an embedded HiveMQ CE cannot start again in the same JVM once stopped (its
  // metrics stay registered), so a restart is tried against Mosquitto alone.
  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void reconnectsAfterTheBrokerStopsAndStarts(MqttVersion version) {
    String topic = "MosquittoProtocolIT/reconnect/" + version;
    RecordingHandler received = new RecordingHandler();
    try (MqttClient client =
        client()
            .mqttVersion(version)
            .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
            .build()) {
      client.connect();
      client.subscribe(topic, 1, received);
      broker().stop();
      Awaitility.await().atMost(WAIT).until(() -> !client.isConnected());
      broker().start();
      Awaitility.await().atMost(WAIT).until(client::isConnected);
      client.publish(topic, "after restart", 1, false);
      assertThat(received.take(WAIT).payloadAsString()).isEqualTo("after restart");
    }
  }
}
