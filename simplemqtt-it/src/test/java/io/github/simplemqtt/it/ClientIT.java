package io.github.simplemqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.process.FreePorts;
import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.testing.ConnectedClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoTest;
import io.github.simplemqtt.testing.RecordingHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@MosquittoTest(
    users = {"alice:alice-password", "mallory:mallory-password"},
    certificates = "bob",
    acl = {
      "user alice",
      "topic readwrite #",
      "user bob",
      "topic readwrite #",
      "user mallory",
      "topic readwrite public/#"
    })
class ClientIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void passwordClientRoundTripsAtEveryQos(MqttVersion version, MosquittoBroker broker) {
    RecordingHandler received = new RecordingHandler();
    try (MqttClient client = broker.passwordClient("alice").mqttVersion(version).build()) {
      client.connect();
      assertThat(client.isConnected()).isTrue();
      client.subscribe("qos/" + version + "/#", 2, received);
      for (int qos = 0; qos <= 2; qos++) {
        client.publish("qos/" + version + "/" + qos, "payload " + qos, qos, false);
        Message message = received.take(WAIT);
        assertThat(message.topic()).isEqualTo("qos/" + version + "/" + qos);
        assertThat(message.payloadAsString()).isEqualTo("payload " + qos);
        assertThat(message.qos()).isEqualTo(qos);
        assertThat(message.retained()).isFalse();
      }
    }
  }

  @Test
  void mutualTlsClientRoundTrips(MosquittoBroker broker, RecordingHandler received) {
    try (MqttClient client = broker.tlsClient("bob").build()) {
      client.connect();
      client.subscribe("tls/bob", 1, received);
      client.publish("tls/bob", "over mutual TLS", 1, false);
      assertThat(received.take(WAIT).payloadAsString()).isEqualTo("over mutual TLS");
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void wrongPasswordIsRefusedInWords(MqttVersion version, MosquittoBroker broker) {
    try (MqttClient client =
        broker.anonymousClient().mqttVersion(version).credentials("alice", "wrong").build()) {
      assertThatThrownBy(client::connect)
          .isInstanceOf(BrokerRefusedException.class)
          .hasMessageContaining("refused the connection: not authorised")
          .hasMessageContaining("Mosquitto answers a wrong password this way")
          .satisfies(
              e ->
                  assertThat(((BrokerRefusedException) e).reasonCode())
                      .isEqualTo(version == MqttVersion.V5 ? 0x87 : 5));
      assertThat(client.isConnected()).isFalse();
    }
  }

  @Test
  void unknownUserAndAnonymousAreRefused(MosquittoBroker broker) {
    try (MqttClient client = broker.anonymousClient().credentials("nobody", "x").build()) {
      assertThatThrownBy(client::connect).isInstanceOf(BrokerRefusedException.class);
    }
    try (MqttClient client = broker.anonymousClient().build()) {
      assertThatThrownBy(client::connect)
          .isInstanceOf(BrokerRefusedException.class)
          .hasMessageContaining("not authorised");
    }
  }

  @Test
  void retainedMessageReachesALaterSubscriber(MosquittoBroker broker, RecordingHandler received) {
    try (MqttClient publisher = broker.passwordClient("alice").build();
        MqttClient subscriber = broker.passwordClient("alice").build()) {
      publisher.connect();
      publisher.publish("retained/state", "on", 1, true);
      subscriber.connect();
      subscriber.subscribe("retained/+", 1, received);
      Message message = received.take(WAIT);
      assertThat(message.payloadAsString()).isEqualTo("on");
      assertThat(message.retained()).isTrue();
      publisher.publish("retained/state", new byte[0], 1, true); // clears it
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void overlappingWildcardSubscriptionsEachGetAMessageOnce(
      MqttVersion version, MosquittoBroker broker) {
    RecordingHandler plus = new RecordingHandler();
    RecordingHandler hash = new RecordingHandler();
    RecordingHandler exact = new RecordingHandler();
    String base = "wild/" + version;
    try (MqttClient client = broker.passwordClient("alice").mqttVersion(version).build()) {
      client.connect();
      client.subscribe(base + "/+/temp", 1, plus);
      client.subscribe(base + "/#", 1, hash);
      client.subscribe(base + "/kitchen/temp", 1, exact);
      client.publish(base + "/kitchen/temp", "21.5", 1, false);
      client.publish(base + "/kitchen/humidity", "40", 1, false);
      client.publish(base + "/end", "end", 1, false);

      // '#' sees all three; once it has seen the last one, the others have had their chance.
      assertThat(hash.awaitCount(3, WAIT))
          .extracting(Message::topic)
          .containsExactly(base + "/kitchen/temp", base + "/kitchen/humidity", base + "/end");
      client.publish(base + "/kitchen/temp", "sync", 1, false);
      exact.awaitCount(2, WAIT);
      plus.awaitCount(2, WAIT);
      assertThat(plus.messages())
          .extracting(Message::payloadAsString)
          .containsExactly("21.5", "sync");
      assertThat(exact.messages())
          .extracting(Message::payloadAsString)
          .containsExactly("21.5", "sync");
      assertThat(hash.awaitCount(4, WAIT)).hasSize(4);
    }
  }

  @Test
  void handlersKeepOrderPerSubscription(MosquittoBroker broker, RecordingHandler received) {
    try (MqttClient client = broker.passwordClient("alice").build()) {
      client.connect();
      client.subscribe("order/#", 1, received);
      List<CompletableFuture<Void>> acks =
          IntStream.range(0, 500)
              .mapToObj(i -> client.publishAsync("order/x", Integer.toString(i), 1, false))
              .toList();
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
      assertThat(received.awaitCount(500, WAIT))
          .extracting(Message::payloadAsString)
          .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(Integer::toString).toList());
    }
  }

  @Test
  void throwingHandlerDoesNotLoseTheSubscription(
      MosquittoBroker broker, RecordingHandler received) {
    try (MqttClient client = broker.passwordClient("alice").build()) {
      client.connect();
      client.subscribe(
          "throws/#",
          1,
          message -> {
            received.onMessage(message);
            if (message.payloadAsString().equals("boom")) {
              throw new IllegalStateException("handler failure on purpose");
            }
          });
      client.publish("throws/a", "boom", 1, false);
      client.publish("throws/a", "after", 1, false);
      assertThat(received.awaitCount(2, WAIT))
          .extracting(Message::payloadAsString)
          .containsExactly("boom", "after");
      assertThat(client.isConnected()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void topicTheAclDeniesDeliversNothing(MqttVersion version, MosquittoBroker broker) {
    // Mosquitto 2.0.11's acl_file grants every SUBACK (even for 'deny' rules, checked with
    // mosquitto_sub -d) and filters at delivery instead; this pins that behaviour down.
    RecordingHandler secret = new RecordingHandler();
    RecordingHandler news = new RecordingHandler();
    try (MqttClient mallory = broker.passwordClient("mallory").mqttVersion(version).build();
        MqttClient alice = broker.passwordClient("alice").build()) {
      mallory.connect();
      alice.connect();
      mallory.subscribe("secret/#", 1, secret);
      mallory.subscribe("public/news", 1, news);
      alice.publish("secret/plans", "do not read", 1, false);
      alice.publish("public/news", "hello", 1, false);
      assertThat(news.take(WAIT).payloadAsString()).isEqualTo("hello");
      assertThat(secret.messages()).isEmpty();
    }
  }

  @Test
  void unsubscribeStopsTheHandler(MosquittoBroker broker) {
    RecordingHandler first = new RecordingHandler();
    RecordingHandler control = new RecordingHandler();
    try (MqttClient client = broker.passwordClient("alice").build()) {
      client.connect();
      client.subscribe("unsub/a", 1, first);
      client.subscribe("unsub/control", 1, control);
      client.unsubscribe("unsub/a");
      client.publish("unsub/a", "ignored", 1, false);
      client.publish("unsub/control", "seen", 1, false);
      control.take(WAIT);
      assertThat(first.messages()).isEmpty();
    }
  }

  @Test
  void largePayloadsArriveIntact(MosquittoBroker broker, RecordingHandler received) {
    byte[] payload = new byte[256 * 1024];
    new java.util.Random(7).nextBytes(payload);
    try (MqttClient client = broker.passwordClient("alice").build()) {
      client.connect();
      client.subscribe("big", 2, received);
      client.publish("big", payload, 2, false);
      assertThat(received.take(WAIT).payload()).isEqualTo(payload);
    }
  }

  @Test
  void nothingListeningIsSaidInWords() {
    int port = FreePorts.pick();
    try (MqttClient client = MqttClient.builder().broker("127.0.0.1", port).build()) {
      assertThatThrownBy(client::connect)
          .isInstanceOf(ConnectionException.class)
          .hasMessage(
              "Nothing is listening on 127.0.0.1:"
                  + port
                  + " (connection refused); start the broker, or check the host and port.");
    }
  }

  @Test
  void plainClientOnTheTlsPortIsToldSo(MosquittoBroker broker) {
    try (MqttClient client =
        MqttClient.builder()
            .broker(broker.host(), broker.tlsPort())
            .connectTimeout(Duration.ofSeconds(3))
            .build()) {
      assertThatThrownBy(client::connect)
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("that port speaks TLS: connect with tls(...)");
    }
  }

  @Test
  void textPayloadIsUtf8(
      @ConnectedClient(user = "alice") MqttClient client, RecordingHandler received) {
    client.subscribe("utf8", 0, received);
    client.publish("utf8", "Grüße 日本", 1, false);
    assertThat(received.take(WAIT).payload())
        .isEqualTo("Grüße 日本".getBytes(StandardCharsets.UTF_8));
  }
}
