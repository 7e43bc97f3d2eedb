package io.github.simplemqtt.it.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.LastWill;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
  abstract MqttClient.Builder client();

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
    try (MqttClient client = client().mqttVersion(version).build()) {
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
    try (MqttClient publisher = client().mqttVersion(version).build();
        MqttClient subscriber = client().mqttVersion(version).build()) {
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
    try (MqttClient client = client().mqttVersion(version).build()) {
      client.connect();
      client.subscribe(base + "/+/temp", 1, plus);
      client.subscribe(base + "/#", 1, hash);
      client.publish(base + "/kitchen/temp", "21", 1, false);
      client.publish(base + "/kitchen/humidity", "40", 1, false);
      assertThat(hash.awaitCount(2, WAIT))
          .extracting(m -> m.topic())
          .containsExactlyInAnyOrder(base + "/kitchen/temp", base + "/kitchen/humidity");
      // Each subscription has its own handler thread: '+' may hear of its message after '#'.
      assertThat(plus.awaitCount(1, WAIT))
          .extracting(m -> m.topic())
          .containsExactly(base + "/kitchen/temp");
      assertThat(plus.messages()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void manyPipelinedPublishesAllArrive(MqttVersion version) throws Exception {
    String topic = topic("pipelined", version);
    int count = 200;
    RecordingHandler received = new RecordingHandler();
    try (MqttClient client = client().mqttVersion(version).build()) {
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
    try (MqttClient client = client().build()) {
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

  @Test
  void anOversizedPublishOverMqtt311FailsAloneAndTheClientCarriesOn() {
    // MQTT 3.1.1 cannot learn the broker's packet limit: the broker closes the connection on
    // reading the publish, and HiveMQ's client sends it again on every reconnect.
    String topic = topic("refused-311");
    RecordingHandler received = new RecordingHandler();
    List<MqttClientException> gaveUp = new CopyOnWriteArrayList<>();
    ConnectionListener listener =
        new ConnectionListener() {
          @Override
          public void disconnected(MqttClientException cause, boolean reconnecting) {
            if (!reconnecting) {
              gaveUp.add(cause);
            }
          }
        };
    try (MqttClient client =
        client()
            .mqttVersion(MqttVersion.V3_1_1)
            .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
            .publishTimeout(WAIT)
            .connectionListener(listener)
            .build()) {
      client.connect();
      client.subscribe(topic, 1, received);
      int size = maxPacket() * 2;
      assertThatThrownBy(() -> client.publish(topic, new byte[size], 1, false))
          .isInstanceOf(BrokerRefusedException.class)
          .hasMessageEndingWith(
              " closed the connection twice right after this publish to '"
                  + topic
                  + "' (QoS 1, "
                  + size
                  + " bytes); it most likely refuses it (too large, or QoS not supported). The"
                  + " publish was not delivered.");
      client.publish(topic, "after the refused one", 1, false);
      assertThat(received.take(WAIT).payloadAsString()).isEqualTo("after the refused one");
      assertThat(client.isConnected()).isTrue();
      // In particular no "another client is most likely using the same client id".
      assertThat(gaveUp).isEmpty();
    }
  }

  @Test
  void publishesQueuedBehindARefusedOneOverMqtt311ArriveOnceAndInOrder() throws Exception {
    String topic = topic("behind-refused-311");
    RecordingHandler received = new RecordingHandler();
    try (MqttClient client =
        client()
            .mqttVersion(MqttVersion.V3_1_1)
            .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
            .publishTimeout(WAIT)
            .build()) {
      client.connect();
      client.subscribe(topic, 1, received);
      CompletableFuture<Void> refused =
          client.publishAsync(topic, new byte[maxPacket() * 2], 1, false);
      List<String> sent = new ArrayList<>();
      List<CompletableFuture<Void>> behind = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        sent.add("behind " + i);
        behind.add(client.publishAsync(topic, "behind " + i, 1, false));
      }
      assertThatThrownBy(() -> refused.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(BrokerRefusedException.class)
          .hasMessageContaining("closed the connection twice right after this publish");
      CompletableFuture.allOf(behind.toArray(new CompletableFuture<?>[0]))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      // The broker never read them before it closed the connection, so none arrives twice.
      assertThat(received.awaitCount(sent.size(), WAIT))
          .extracting(m -> m.payloadAsString())
          .containsExactlyElementsOf(sent);
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void lastWillIsSentWhenTheClientVanishes(MqttVersion version) {
    String topic = topic("will", version);
    RecordingHandler received = new RecordingHandler();
    try (MqttClient watcher = client().mqttVersion(version).build()) {
      watcher.connect();
      watcher.subscribe(topic, 1, received);
      // A client that takes over the same id makes the broker drop the old connection without a
      // DISCONNECT, which publishes its will.
      try (MqttClient dying =
          client()
              .mqttVersion(version)
              .automaticReconnect(false)
              .lastWill(LastWill.of(topic, "gone", 1, false))
              .build()) {
        dying.connect();
        try (MqttClient same =
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
    try (MqttClient client = client().mqttVersion(version).build();
        MqttClient other = client().mqttVersion(version).build()) {
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
