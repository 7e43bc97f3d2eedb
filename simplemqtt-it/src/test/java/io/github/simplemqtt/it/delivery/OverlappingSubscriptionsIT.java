package io.github.simplemqtt.it.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.it.brokers.NatsServer;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two subscriptions of one client whose filters both match a message each get it exactly once,
 * whatever the broker sends: Mosquitto sends one copy per subscription on MQTT 5 and one in all on
 * 3.1.1; NATS (3.1.1) one per subscription. Before, NATS's second copy reached each handler again.
 */
class OverlappingSubscriptionsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().withoutTls().anonymous(true).build();

  static Stream<Arguments> brokersVersionsAndQos() {
    List<Arguments> all = new ArrayList<>();
    for (int qos = 0; qos <= 1; qos++) {
      all.add(Arguments.of("mosquitto", MqttVersion.V5, qos));
      all.add(Arguments.of("mosquitto", MqttVersion.V3_1_1, qos));
      all.add(Arguments.of("nats", MqttVersion.V3_1_1, qos));
    }
    return all.stream();
  }

  private static MqttClient.Builder client(String broker, MqttVersion version) {
    MqttClient.Builder builder =
        broker.equals("nats") ? NatsServer.shared().client() : mosquitto.broker().anonymousClient();
    return builder.mqttVersion(version);
  }

  @ParameterizedTest(name = "{0} {1} QoS {2}")
  @MethodSource("brokersVersionsAndQos")
  void eachOverlappingSubscriptionGetsEachMessageOnce(String broker, MqttVersion version, int qos) {
    String base = "overlap/" + broker + "/" + version + "/" + qos;
    RecordingHandler hash = new RecordingHandler();
    RecordingHandler plus = new RecordingHandler();
    try (MqttClient client = client(broker, version).build()) {
      client.connect();
      client.subscribe(base + "/#", qos, hash);
      client.subscribe(base + "/+", qos, plus);
      List<String> sent = List.of("one", "two", "same", "same", "three");
      for (String payload : sent) {
        client.publish(base + "/x", payload, qos, false);
      }
      // Only '#' matches the end marker; then one message both match, as the last one.
      client.publish(base + "/x/end", "end", qos, false);
      client.publish(base + "/y", "last", qos, false);

      assertThat(hash.awaitCount(sent.size() + 2, WAIT))
          .extracting(Message::payloadAsString)
          .containsExactlyInAnyOrder("one", "two", "same", "same", "three", "end", "last");
      assertThat(plus.awaitCount(sent.size() + 1, WAIT))
          .extracting(Message::payloadAsString)
          .containsExactlyInAnyOrder("one", "two", "same", "same", "three", "last");
      // A round trip both see after all of those: a late extra copy would be here by now.
      client.publish(base + "/z", "sync", qos, false);
      assertThat(hash.awaitCount(sent.size() + 3, WAIT)).hasSize(sent.size() + 3);
      assertThat(plus.awaitCount(sent.size() + 2, WAIT)).hasSize(sent.size() + 2);
      assertThat(hash.messages()).hasSize(sent.size() + 3);
      assertThat(plus.messages()).hasSize(sent.size() + 2);
    }
  }
}
