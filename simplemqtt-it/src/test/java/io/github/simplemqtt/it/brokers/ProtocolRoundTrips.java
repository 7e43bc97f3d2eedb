package io.github.simplemqtt.it.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.LastWill;
import io.github.simplemqtt.client.MQTTClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client's protocol round trips, run by one subclass per broker, so that an assumption that
 * holds only for Mosquitto fails here. Each broker refuses packets above {@link #maxPacket()}.
 */
abstract class ProtocolRoundTrips {
  static final Duration WAIT = Duration.ofSeconds(20);

  /** A builder for an anonymous client of this broker. */
  abstract MQTTClient.Builder client();

  /** The largest packet the broker accepts. */
  abstract int maxPacket();

  private String topic(String name, Object... parts) {
    StringBuilder topic = new StringBuilder(getClass().getSimpleName()).append('/').append(name);
    for (Object part : parts) {
      topic.append('/').append(part);
    }
    return topic.toString();
  }

  static Stream<Arguments> versionsAndQos() {
    List<Arguments> all = new ArrayList<>();
    for (MqttVersion version : MqttVersion.values()) {
      for (int qos = 0; qos <= 2; qos++) {
        all.add(Arguments.of(version, qos));
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("versionsAndQos")
  void roundTrip(MqttVersion version, int qos) {
    String topic = topic("round-trip", version, qos);
    RecordingHandler received = new RecordingHandler();
    try (MQTTClient client = client().mqttVersion(version).build()) {
      client.connect();
      client.subscribe(topic, qos, received);
      client.publish(topic, "hello " + qos, qos, false);
      var message = received.take(WAIT);
      assertThat(message.payloadAsString()).isEqualTo("hello " + qos);
      assertThat(message.qos()).isEqualTo(qos);
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void retainedMessageReachesALaterSubscriber(MqttVersion version) {
    String topic = topic("retained", version);
    RecordingHandler received = new RecordingHandler();
    try (MQTTClient publisher = client().mqttVersion(version).build();
        MQTTClient subscriber = client().mqttVersion(version).build()) {
      publisher.connect();
      publisher.publish(topic, "kept", 1, true);
      subscriber.connect();
      subscriber.subscribe(topic, 1, received);
      var message = received.take(WAIT);
      assertThat(message.payloadAsString()).isEqualTo("kept");
      assertThat(message.retained()).isTrue();
      // Clear it, so a rerun starts empty.
      publisher.publish(topic, new byte[0], 1, true);
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void wildcardsMatchOnlyTheirTopics(MqttVersion version) {
    String base = topic("wildcards", version);
    RecordingHandler plus = new RecordingHandler();
    RecordingHandler hash = new RecordingHandler();
    try (MQTTClient client = client().mqttVersion(version).build()) {
      client.connect();
      client.subscribe(base + "/+/temp", 1, plus);
      client.subscribe(base + "/#", 1, hash);
      client.publish(base + "/kitchen/temp", "21", 1, false);
      client.publish(base + "/kitchen/humidity", "40", 1, false);
      assertThat(hash.awaitCount(2, WAIT))
          .extracting(m -> m.topic())
          .containsExactlyInAnyOrder(base + "/kitchen/temp", base + "/kitchen/humidity");
      assertThat(plus.messages())
          .extracting(m -> m.topic())
          .containsExactly(base + "/kitchen/temp");
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void manyPipelinedPublishesAllArrive(MqttVersion version) throws Exception {
    String topic = topic("pipelined", version);
    int count = 200;
    RecordingHandler received = new RecordingHandler();
    try (MQTTClient client = client().mqttVersion(version).build()) {
      client.connect();
      client.subscribe(topic, 1, received);
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sent.add(client.publishAsync(topic, ("m" + i).getBytes(), 1, false));
      }
      CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      assertThat(received.awaitCount(count, Duration.ofSeconds(60))).hasSize(count);
    }
  }

  @Test
  void afterAnOversizedPublishIsRefusedThePublishesToTheSameTopicArrive() {
    String topic = topic("oversized");
    RecordingHandler received = new RecordingHandler();
    try (MQTTClient client = client().build()) {
      client.connect();
      client.subscribe(topic, 1, received);
      assertThatThrownBy(() -> client.publish(topic, new byte[maxPacket() * 2], 1, false))
          .isInstanceOf(MqttClientException.class)
          .hasMessageContaining("too large");
      client.publish(topic, "qos 0 after", 0, false);
      client.publish(topic, "qos 1 after", 1, false);
      // MQTT orders messages within one QoS only; HiveMQ CE may deliver the QoS 1 one first.
      assertThat(received.awaitCount(2, WAIT))
          .extracting(m -> m.payloadAsString())
          .containsExactlyInAnyOrder("qos 0 after", "qos 1 after");
      assertThat(client.isConnected()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void lastWillIsSentWhenTheClientVanishes(MqttVersion version) {
    String topic = topic("will", version);
    RecordingHandler received = new RecordingHandler();
    try (MQTTClient watcher = client().mqttVersion(version).build()) {
      watcher.connect();
      watcher.subscribe(topic, 1, received);
      // A client that takes over the same id makes the broker drop the old connection without a
      // DISCONNECT, which publishes its will.
      try (MQTTClient dying =
          client()
              .mqttVersion(version)
              .automaticReconnect(false)
              .lastWill(LastWill.of(topic, "gone", 1, false))
              .build()) {
        dying.connect();
        try (MQTTClient same =
            client()
                .mqttVersion(version)
                .clientId(dying.clientId())
                .automaticReconnect(false)
                .build()) {
          same.connect();
          assertThat(received.take(WAIT).payloadAsString()).isEqualTo("gone");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void unsubscribedFilterDeliversNoMore(MqttVersion version) {
    String topic = topic("unsubscribe", version);
    RecordingHandler gone = new RecordingHandler();
    RecordingHandler stays = new RecordingHandler();
    try (MQTTClient client = client().mqttVersion(version).build();
        MQTTClient other = client().mqttVersion(version).build()) {
      client.connect();
      other.connect();
      client.subscribe(topic, 1, gone);
      other.subscribe(topic, 1, stays);
      client.unsubscribe(topic);
      client.publish(topic, "after", 1, false);
      // The other subscriber got it, so the broker has routed it: the unsubscribed one never will.
      assertThat(stays.take(WAIT).payloadAsString()).isEqualTo("after");
      assertThat(gone.isEmpty()).isTrue();
    }
  }
}
