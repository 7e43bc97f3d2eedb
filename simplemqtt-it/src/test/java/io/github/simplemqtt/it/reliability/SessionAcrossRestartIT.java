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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client with the defaults keeps its session across a broker restart, such as the kit's after
 * {@code user remove} or {@code cert revoke}: Mosquitto 2.0 saves only sessions opened with clean
 * start off, so the client opens every session that way and does clean start apart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionAcrossRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "pw").withoutTls().build();

  @ParameterizedTest(name = "MQTT {0}, client id {1}")
  @CsvSource({"V5, generated", "V5, fixed", "V3_1_1, generated", "V3_1_1, fixed"})
  void messagesPublishedWhileTheBrokerRestartsArriveAfterTheReconnect(
      MqttVersion version, String id, MosquittoBroker broker) throws Exception {
    String topic = "restart/" + version + "/" + id;
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    RecordingHandler received = new RecordingHandler();
    MqttClient.Builder builder =
        broker
            .passwordClient("alice")
            .mqttVersion(version)
            // Long enough for the publisher below to be done before the subscriber is back.
            .reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(2))
            .connectionListener(recorder(events));
    if (id.equals("fixed")) {
      builder.clientId("restart-" + version);
    }
    try (MqttClient subscriber = builder.build()) {
      subscriber.connect();
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .isEqualTo("connected, new session");
      subscriber.subscribe(topic, 1, received);

      broker.restart();
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .isEqualTo("disconnected, reconnecting");
      try (MqttClient publisher = broker.passwordClient("alice").build()) {
        publisher.connect();
        for (int i = 0; i < 10; i++) {
          publisher.publish(topic, "m" + i, 1, false); // acknowledged: queued for the session
        }
      }

      List<String> payloads =
          received.awaitCount(10, WAIT).stream().map(Message::payloadAsString).toList();
      assertThat(payloads)
          .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "m" + i).toList());
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .as("the broker saved the session at its restart")
          .isEqualTo("connected, resumed");
    }
  }

  @ParameterizedTest(name = "MQTT {0}")
  @CsvSource({"V5, 2", "V3_1_1, 2"})
  void cleanStartDiscardsAnOlderSessionOfTheSameId(
      MqttVersion version, int connections, MosquittoBroker broker) throws Exception {
    String id = "older-" + version;
    String topic = "older/" + version;
    try (MqttClient old = fixedId(broker, version, id).cleanStart(false).build()) {
      old.connect();
      old.subscribe(topic, 1, new RecordingHandler());
    } // close() keeps the session, which now queues what is published for it
    try (MqttClient publisher = broker.passwordClient("alice").build();
        FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
      publisher.connect();
      publisher.publish(topic, "queued for the old session", 1, false);

      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      RecordingHandler received = new RecordingHandler();
      try (MqttClient fresh =
          fixedId(broker, version, id)
              .broker(proxy.host(), proxy.port())
              .connectionListener(recorder(events))
              .build()) {
        fresh.connect();
        assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
            .isEqualTo("connected, new session");
        // The short clean-start connection that discards the older session, then the client's.
        assertThat(proxy.acceptedConnections()).isEqualTo(connections);
        fresh.subscribe(topic, 1, received);
        publisher.publish(topic, "live", 1, false);
        assertThat(received.take(WAIT).payloadAsString()).isEqualTo("live");
        assertThat(received.messages())
            .extracting(Message::payloadAsString)
            .containsExactly("live");
        assertThat(events).as("the connections in between are not the user's").isEmpty();
      }
    }
  }

  private static MqttClient.Builder fixedId(
      MosquittoBroker broker, MqttVersion version, String clientId) {
    return broker.passwordClient("alice").mqttVersion(version).clientId(clientId);
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
