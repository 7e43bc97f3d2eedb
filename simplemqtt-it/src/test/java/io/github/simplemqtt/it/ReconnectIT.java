package io.github.simplemqtt.it;

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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** After the broker goes away and comes back, subscriptions deliver again without user code. */
class ReconnectIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** A broker per test: these tests stop and kill it. */
  @RegisterExtension
  MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "pw").certificate("bob").build();

  enum Outage {
    STOPPED, // graceful: the broker saves its state, so the session survives
    KILLED // SIGKILL before any autosave: the broker forgets the session
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void subscriptionDeliversAgainAfterTheBrokerReturns(Outage outage, MosquittoBroker broker)
      throws Exception {
    for (MqttVersion version : MqttVersion.values()) {
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      RecordingHandler received = new RecordingHandler();
      try (MqttClient subscriber =
              broker
                  .tlsClient("bob")
                  .mqttVersion(version)
                  .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
                  .connectionListener(recorder(events))
                  .build();
          MqttClient publisher = broker.passwordClient("alice").build()) {
        subscriber.connect();
        assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("connected");
        subscriber.subscribe("reconnect/" + version + "/#", 1, received);

        if (outage == Outage.STOPPED) {
          broker.stop();
        } else {
          broker.kill();
        }
        assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
            .isEqualTo("disconnected, reconnecting");
        broker.start();
        // Whether the session is resumed depends on what the broker persisted; either way the
        // client must be subscribed again.
        assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("connected");

        publisher.connect();
        // Not retained: "connected" comes only once the subscription is back, even when the
        // broker lost the session, so a live message published now must arrive.
        publisher.publish("reconnect/" + version + "/x", "after " + outage, 1, false);
        assertThat(received.take(WAIT).payloadAsString()).isEqualTo("after " + outage);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void passwordClientLogsInAgainAfterARestart(MqttVersion version, MosquittoBroker broker) {
    // HiveMQ's reconnector dropped the first CONNECT's credentials: refused on every reconnect.
    try (MqttClient client =
        broker
            .passwordClient("alice")
            .mqttVersion(version)
            .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
            .build()) {
      client.connect();
      broker.restart();
      Awaitility.await().atMost(WAIT).until(client::isConnected);
      RecordingHandler received = new RecordingHandler();
      client.subscribe("again/" + version, 1, received);
      client.publish("again/" + version, "logged in again", 1, false);
      assertThat(received.take(WAIT).payloadAsString()).isEqualTo("logged in again");
    }
  }

  /**
   * republishRecentAfterReconnect: after a reconnect the last 48 acknowledged QoS 1 messages go out
   * again (what a broker killed before saving may have lost), QoS 2 ones never; off, nothing does.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void republishRecentSendsTheLastAcknowledgedQos1MessagesAgain(
      boolean enabled, MosquittoBroker broker) throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    RecordingHandler received = new RecordingHandler();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient subscriber = broker.passwordClient("alice").build();
        MqttClient publisher =
            MqttClient.builder()
                .broker(proxy.host(), proxy.port())
                .credentials("alice", broker.password("alice"))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
                .republishRecentAfterReconnect(enabled)
                .connectionListener(recorder(events))
                .build()) {
      subscriber.connect();
      subscriber.subscribe("republish/#", 2, received);
      publisher.connect();
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("connected");
      for (int i = 0; i < 60; i++) {
        publisher.publish("republish/q1", "m" + i, 1, false);
      }
      publisher.publish("republish/q2", "exactly once", 2, false);
      assertThat(received.awaitCount(61, WAIT)).hasSize(61);

      proxy.resetAll();
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .isEqualTo("disconnected, reconnecting");
      assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("connected");
      publisher.publish("republish/end", "end", 1, false);

      List<Message> all = received.awaitCount(enabled ? 61 + 48 + 1 : 61 + 1, WAIT);
      List<String> again =
          all.subList(61, all.size()).stream()
              .filter(m -> !m.topic().equals("republish/end"))
              .map(Message::payloadAsString)
              .toList();
      List<String> expected =
          enabled ? IntStream.range(12, 60).mapToObj(i -> "m" + i).toList() : List.of();
      assertThat(again).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(all).last().extracting(Message::topic).isEqualTo("republish/end");
    }
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
