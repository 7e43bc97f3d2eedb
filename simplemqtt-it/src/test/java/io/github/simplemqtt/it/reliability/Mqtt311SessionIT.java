package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT 3.1.1 with the defaults keeps its session across a network blip, as MQTT 5 does: clean start
 * discards an older session once, at connect, and {@code close()} leaves none behind.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Mqtt311SessionIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "pw").withoutTls().build();

  @Test
  void messagesPublishedDuringABlipArriveAfterTheReconnect(MosquittoBroker broker)
      throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    RecordingHandler received = new RecordingHandler();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient subscriber = viaProxy(broker, proxy, "s311-blip", events).build();
        MqttClient publisher = broker.passwordClient("alice").build()) {
      subscriber.connect();
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .isEqualTo("connected, new session");
      subscriber.subscribe("s311/blip", 1, received);
      publisher.connect();

      proxy.refuseNewConnections(true);
      proxy.resetAll();
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .isEqualTo("disconnected, reconnecting");
      for (int i = 0; i < 10; i++) {
        publisher.publish("s311/blip", "m" + i, 1, false); // acknowledged by the broker
      }
      proxy.refuseNewConnections(false);

      String reconnected = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      List<String> payloads =
          received.awaitCount(10, WAIT).stream().map(Message::payloadAsString).toList();
      assertThat(payloads)
          .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "m" + i).toList());
      assertThat(reconnected).isEqualTo("connected, resumed");
    }
  }

  @Test
  void cleanStartDiscardsAnOlderSessionOfTheSameId(MosquittoBroker broker) throws Exception {
    try (MqttClient old = v311(broker, "s311-old").cleanStart(false).build()) {
      old.connect();
      old.subscribe("s311/old", 1, new RecordingHandler());
    } // close() keeps the session, which now queues what is published for it
    try (MqttClient publisher = broker.passwordClient("alice").build()) {
      publisher.connect();
      publisher.publish("s311/old", "queued for the old session", 1, false);

      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      RecordingHandler received = new RecordingHandler();
      try (MqttClient fresh =
          v311(broker, "s311-old").connectionListener(recorder(events)).build()) {
        fresh.connect();
        assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
            .isEqualTo("connected, new session");
        fresh.subscribe("s311/old", 1, received);
        publisher.publish("s311/old", "live", 1, false);
        assertThat(received.take(WAIT).payloadAsString()).isEqualTo("live");
        assertThat(received.messages())
            .extracting(Message::payloadAsString)
            .containsExactly("live");
      }
    }
  }

  @Test
  void closeLeavesNoSessionBehindEvenAfterABlip(MosquittoBroker broker) throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient client = viaProxy(broker, proxy, "s311-closed", events).build()) {
      client.connect();
      client.subscribe("s311/closed", 1, new RecordingHandler());
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("connected");
      proxy.resetAll();
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .isEqualTo("disconnected, reconnecting");
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("connected");
    }

    BlockingQueue<String> later = new LinkedBlockingQueue<>();
    try (MqttClient next =
        v311(broker, "s311-closed").cleanStart(false).connectionListener(recorder(later)).build()) {
      next.connect();
      assertThat(later.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .as("the broker kept no session for the closed client's id")
          .isEqualTo("connected, new session");
    }
  }

  @Test
  void cleanStartFalseStillKeepsTheSessionAcrossClose(MosquittoBroker broker) throws Exception {
    try (MqttClient first = v311(broker, "s311-kept").cleanStart(false).build()) {
      first.connect();
      first.subscribe("s311/kept", 1, new RecordingHandler());
    }
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (MqttClient second =
        v311(broker, "s311-kept").cleanStart(false).connectionListener(recorder(events)).build()) {
      second.connect();
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .isEqualTo("connected, resumed");
    }
  }

  private static MqttClient.Builder v311(MosquittoBroker broker, String clientId) {
    return broker.passwordClient("alice").mqttVersion(MqttVersion.V3_1_1).clientId(clientId);
  }

  /** A 3.1.1 client with the defaults, through the proxy, reconnecting quickly. */
  private static MqttClient.Builder viaProxy(
      MosquittoBroker broker, FaultProxy proxy, String clientId, BlockingQueue<String> events) {
    return MqttClient.builder()
        .broker(proxy.host(), proxy.port())
        .credentials("alice", broker.password("alice"))
        .mqttVersion(MqttVersion.V3_1_1)
        .clientId(clientId)
        .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
        .connectionListener(recorder(events));
  }

  private static ConnectionListener recorder(BlockingQueue<String> events) {
    return new ConnectionListener() {
      @Override
      public void connected(boolean sessionResumed) {
        events.add("connected" + (sessionResumed ? ", resumed" : ", new session"));
      }

      @Override
      public void disconnected(MqttClientException cause, boolean reconnecting) {
        events.add("disconnected" + (reconnecting ? ", reconnecting" : ""));
      }
    };
  }
}
