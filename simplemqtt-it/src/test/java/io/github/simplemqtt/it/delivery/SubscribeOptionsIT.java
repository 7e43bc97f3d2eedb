package io.github.simplemqtt.it.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.client.SubscribeOptions;
import io.github.simplemqtt.client.SubscribeOptions.RetainHandling;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT 5 subscription options against a real mosquitto. Where an option means a message does not
 * arrive, a later message from another client does, and it must be the first one received: that
 * proves the absence without waiting for nothing.
 */
class SubscribeOptionsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "alice-pw").withoutTls().build();

  @Test
  void noLocalLeavesOutTheClientsOwnMessages(MosquittoBroker broker, RecordingHandler received) {
    try (MqttClient me = broker.passwordClient("alice").build();
        MqttClient other = broker.passwordClient("alice").build()) {
      me.connect();
      other.connect();
      me.subscribe("opts/chat", SubscribeOptions.qos(1).noLocal(true), received);

      me.publish("opts/chat", "mine", 1, false);
      other.publish("opts/chat", "theirs", 1, false);

      assertThat(received.take(WAIT).payloadAsString()).isEqualTo("theirs");
    }
  }

  @Test
  void retainAsPublishedKeepsTheRetainFlagOfALiveMessage(
      MosquittoBroker broker, RecordingHandler plain, RecordingHandler asPublished) {
    // Two clients: one client's overlapping subscriptions share the first copy (README).
    try (MqttClient publisher = broker.passwordClient("alice").build();
        MqttClient first = broker.passwordClient("alice").build();
        MqttClient second = broker.passwordClient("alice").build()) {
      publisher.connect();
      first.connect();
      second.connect();
      first.subscribe("opts/rap/x", 1, plain);
      second.subscribe("opts/rap/x", SubscribeOptions.qos(1).retainAsPublished(true), asPublished);

      publisher.publish("opts/rap/x", "live and retained", 1, true);

      assertThat(plain.take(WAIT).retained()).isFalse();
      assertThat(asPublished.take(WAIT).retained()).isTrue();
      publisher.publish("opts/rap/x", new byte[0], 1, true); // clears the retained message
    }
  }

  @Test
  void retainHandlingDecidesWhetherRetainedMessagesComeAtSubscribe(
      MosquittoBroker broker,
      RecordingHandler dontSend,
      RecordingHandler sendIfNew,
      RecordingHandler send) {
    try (MqttClient publisher = broker.passwordClient("alice").build();
        MqttClient subscriber = broker.passwordClient("alice").build()) {
      publisher.connect();
      subscriber.connect();
      publisher.publish("opts/rh/a", "old news", 1, true);
      publisher.publish("opts/rh/b", "old news", 1, true);
      publisher.publish("opts/rh/c", "old news", 1, true);

      subscriber.subscribe(
          "opts/rh/a", SubscribeOptions.qos(1).retainHandling(RetainHandling.DONT_SEND), dontSend);
      subscriber.subscribe(
          "opts/rh/b",
          SubscribeOptions.qos(1).retainHandling(RetainHandling.SEND_IF_NEW),
          sendIfNew);
      subscriber.subscribe("opts/rh/c", SubscribeOptions.qos(1), send);
      assertThat(sendIfNew.take(WAIT).payloadAsString()).isEqualTo("old news");
      assertThat(send.take(WAIT).payloadAsString()).isEqualTo("old news");

      // Subscribing again to an existing subscription: only SEND sends the retained one again.
      subscriber.subscribe(
          "opts/rh/b",
          SubscribeOptions.qos(1).retainHandling(RetainHandling.SEND_IF_NEW),
          sendIfNew);
      subscriber.subscribe("opts/rh/c", SubscribeOptions.qos(1), send);
      assertThat(send.take(WAIT).payloadAsString()).isEqualTo("old news");

      for (String topic : new String[] {"opts/rh/a", "opts/rh/b"}) {
        publisher.publish(topic, "fresh", 1, false);
      }
      assertThat(dontSend.take(WAIT).payloadAsString()).isEqualTo("fresh");
      assertThat(sendIfNew.take(WAIT).payloadAsString()).isEqualTo("fresh");
      for (String topic : new String[] {"opts/rh/a", "opts/rh/b", "opts/rh/c"}) {
        publisher.publish(topic, new byte[0], 1, true);
      }
    }
  }

  @Test
  void optionsAreCheckedBeforeAnythingIsSent(MosquittoBroker broker) {
    try (MqttClient v3 = broker.passwordClient("alice").mqttVersion(MqttVersion.V3_1_1).build();
        MqttClient v5 = broker.passwordClient("alice").build()) {
      v3.connect();
      v5.connect();
      assertThatThrownBy(
              () -> v3.subscribe("opts/x", SubscribeOptions.qos(1).noLocal(true), message -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "SubscribeOptions[qos=1, noLocal] need MQTT 5, and this client connects with MQTT"
                  + " 3.1.1: build it with .mqttVersion(MqttVersion.V5), or subscribe with the QoS"
                  + " alone.");
      assertThat(v3.subscribe("opts/x", SubscribeOptions.qos(1), message -> {})).isEqualTo(1);
      assertThatThrownBy(
              () ->
                  v5.subscribe(
                      "$share/g/opts/x", SubscribeOptions.qos(1).noLocal(true), message -> {}))
          .hasMessage(
              "No-local cannot be used on the shared subscription '$share/g/opts/x' (MQTT 5"
                  + " forbids it); leave it off.");
    }
  }

  @Test
  void optionsAreValuesWithTheirOwnWords() {
    SubscribeOptions options =
        SubscribeOptions.qos(2)
            .noLocal(true)
            .retainAsPublished(true)
            .retainHandling(RetainHandling.SEND_IF_NEW);
    assertThat(options.qos()).isEqualTo(2);
    assertThat(options.needsMqtt5()).isTrue();
    assertThat(SubscribeOptions.qos(0).needsMqtt5()).isFalse();
    assertThat(options)
        .isEqualTo(
            SubscribeOptions.qos(2)
                .retainHandling(RetainHandling.SEND_IF_NEW)
                .retainAsPublished(true)
                .noLocal(true))
        .isNotEqualTo(options.noLocal(false));
    assertThat(options.toString())
        .isEqualTo(
            "SubscribeOptions[qos=2, noLocal, retainAsPublished, retainHandling=SEND_IF_NEW]");
    assertThatThrownBy(() -> SubscribeOptions.qos(3)).hasMessage("QoS must be 0, 1 or 2, not 3.");
  }
}
