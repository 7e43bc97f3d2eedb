package io.github.simplemqtt.it;

import static io.github.simplemqtt.it.InteropIT.run;
import static io.github.simplemqtt.it.InteropIT.tls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.client.UserProperty;
import io.github.simplemqtt.it.InteropIT.Result;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MQTT 5 message properties reach the other side, ours and Mosquitto's own clients, both ways. */
class MessagePropertiesIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "alice-pw").certificate("bob").build();

  private static Message.Builder withEveryProperty(String topic) {
    return Message.builder(topic)
        .payload("{\"t\":21.5}")
        .qos(1)
        .userProperty("unit", "C")
        .userProperty("room", "kitchen")
        .userProperty("unit", "again") // repeated names keep their order
        .contentType("application/json")
        .payloadUtf8(true)
        .messageExpiry(Duration.ofHours(1))
        .responseTopic("replies/alice")
        .correlationData(new byte[] {1, 2, 3});
  }

  @Test
  void everyPropertyReachesOurSubscriber(MosquittoBroker broker, RecordingHandler received) {
    try (MqttClient subscriber = broker.passwordClient("alice").build();
        MqttClient publisher = broker.passwordClient("alice").build()) {
      subscriber.connect();
      publisher.connect();
      subscriber.subscribe("props/all", 1, received);

      publisher.publish(withEveryProperty("props/all").build());

      Message message = received.take(WAIT);
      MessageProperties properties = message.properties();
      assertThat(message.payloadAsString()).isEqualTo("{\"t\":21.5}");
      assertThat(properties.userProperties())
          .containsExactly(
              new UserProperty("unit", "C"),
              new UserProperty("room", "kitchen"),
              new UserProperty("unit", "again"));
      assertThat(properties.userProperty("unit")).contains("C");
      assertThat(properties.contentType()).contains("application/json");
      assertThat(properties.payloadUtf8()).isTrue();
      assertThat(properties.responseTopic()).contains("replies/alice");
      assertThat(properties.correlationData())
          .hasValueSatisfying(data -> assertThat(data).containsExactly(1, 2, 3));
      // The broker forwards what is left of the expiry, which starts at the hour set.
      assertThat(properties.messageExpiry())
          .hasValueSatisfying(
              left -> assertThat(left).isBetween(Duration.ofMinutes(59), Duration.ofHours(1)));
    }
  }

  @Test
  void aMessageWithoutPropertiesArrivesWithNone(MosquittoBroker broker, RecordingHandler received) {
    try (MqttClient client = broker.passwordClient("alice").build()) {
      client.connect();
      client.subscribe("props/none", 1, received);
      client.publish("props/none", "plain", 1, false);
      assertThat(received.take(WAIT).properties()).isSameAs(MessageProperties.NONE);
    }
  }

  @Test
  void mosquittoSubSeesThePropertiesWePublish(MosquittoBroker broker) throws Exception {
    try (MqttClient client = broker.tlsClient("bob").build()) {
      client.connect();
      // Retained, so mosquitto_sub gets it however late it subscribes.
      client.publish(withEveryProperty("props/to-c").retained(true).build());
    }
    Result sub =
        run(
            tls(
                broker,
                "mosquitto_sub",
                List.of(
                    "-V",
                    "5",
                    "-t",
                    "props/to-c",
                    "-C",
                    "1",
                    "-W",
                    "10",
                    "-F",
                    "%P|%C|%F|%R|%x|%p")));
    assertThat(sub.exitCode()).as(sub.output()).isZero();
    String[] fields = sub.output().strip().split("\\|");
    assertThat(fields[0]).contains("unit:C").contains("room:kitchen").contains("unit:again");
    assertThat(fields[0].indexOf("unit:C")).isLessThan(fields[0].indexOf("unit:again"));
    assertThat(fields).containsSubsequence("application/json", "1", "replies/alice");
    assertThat(fields[fields.length - 1]).isEqualTo("{\"t\":21.5}");
  }

  @Test
  void thePropertiesMosquittoPubSetsReachOurHandler(
      MosquittoBroker broker, RecordingHandler received) throws Exception {
    try (MqttClient client = broker.tlsClient("bob").build()) {
      client.connect();
      client.subscribe("props/from-c", 1, received);
      Result pub =
          run(
              tls(
                  broker,
                  "mosquitto_pub",
                  List.of(
                      "-V",
                      "5",
                      "-t",
                      "props/from-c",
                      "-m",
                      "from C",
                      "-q",
                      "1",
                      "-D",
                      "publish",
                      "user-property",
                      "source",
                      "mosquitto_pub",
                      "-D",
                      "publish",
                      "content-type",
                      "text/plain",
                      "-D",
                      "publish",
                      "payload-format-indicator",
                      "1",
                      "-D",
                      "publish",
                      "message-expiry-interval",
                      "120",
                      "-D",
                      "publish",
                      "response-topic",
                      "replies/c",
                      "-D",
                      "publish",
                      "correlation-data",
                      "req-7")));
      assertThat(pub.exitCode()).as(pub.output()).isZero();

      MessageProperties properties = received.take(WAIT).properties();
      assertThat(properties.userProperties())
          .containsExactly(new UserProperty("source", "mosquitto_pub"));
      assertThat(properties.contentType()).contains("text/plain");
      assertThat(properties.payloadUtf8()).isTrue();
      assertThat(properties.responseTopic()).contains("replies/c");
      assertThat(properties.correlationData())
          .hasValueSatisfying(
              data -> assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo("req-7"));
      assertThat(properties.messageExpiry())
          .hasValueSatisfying(
              left -> assertThat(left).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120)));
    }
  }

  @Test
  void mqtt311RefusesPropertiesInOneSentenceAndSendsNothing(
      MosquittoBroker broker, RecordingHandler received) {
    try (MqttClient client =
        broker.passwordClient("alice").mqttVersion(MqttVersion.V3_1_1).build()) {
      client.connect();
      client.subscribe("props/v3", 1, received);

      Message withProperty =
          Message.builder("props/v3").payload("with").qos(1).userProperty("k", "v").build();
      assertThatThrownBy(() -> client.publish(withProperty))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("need MQTT 5")
          .hasMessageContaining(".mqttVersion(MqttVersion.V5)");
      assertThatThrownBy(() -> client.publishAsync(withProperty))
          .isInstanceOf(IllegalArgumentException.class);

      // The same message without properties goes through, and is the first to arrive.
      client.publish(Message.builder("props/v3").payload("without").qos(1).build());
      Message first = received.take(WAIT);
      assertThat(first.payloadAsString()).isEqualTo("without");
      assertThat(first.properties().isEmpty()).isTrue();
    }
  }
}
