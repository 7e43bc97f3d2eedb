package io.github.simplemqtt.it.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18 item 1: a client given several brokers connects to the first that answers, and when its
 * broker goes away it moves on to the next with its subscriptions, the same client object. Two
 * independent Mosquittos: the second has no session of the first, so the client subscribes again
 * there.
 */
class FailoverIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  static MosquittoExtension first =
      MosquittoExtension.builder().user("alice", "alice-pw").withoutTls().build();

  // Another user makes it another broker: equal declarations share one.
  @RegisterExtension
  static MosquittoExtension second =
      MosquittoExtension.builder()
          .user("alice", "alice-pw")
          .user("bob", "bob-pw")
          .withoutTls()
          .build();

  private static String address(MosquittoBroker broker) {
    return broker.host() + ":" + broker.port();
  }

  private static MqttClient.Builder failoverClient(String id, ConnectionListener listener) {
    return MqttClient.builder()
        .brokers(address(first.broker()), address(second.broker()))
        .credentials("alice", "alice-pw")
        .clientId(id)
        .cleanStart(false)
        .reconnectDelay(Duration.ofMillis(100), Duration.ofSeconds(1))
        .connectionListener(listener);
  }

  @Test
  void aLostBrokerIsReplacedByTheNextAndTheSubscriptionFollows() throws Exception {
    MosquittoBroker a = first.broker();
    MosquittoBroker b = second.broker();
    BlockingQueue<String> connectedTo = new LinkedBlockingQueue<>();
    AtomicReference<MqttClient> self = new AtomicReference<>();
    RecordingHandler received = new RecordingHandler();
    try (MqttClient client =
        failoverClient("failover-move", onConnect(self, connectedTo)).build()) {
      self.set(client);
      client.connect();
      assertThat(client.connectedTo()).hasValue(address(a));
      assertThat(connectedTo.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(address(a));
      client.subscribe("failover/#", 1, received);

      a.stop();
      try {
        assertThat(connectedTo.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
            .as("the listener heard of the new connection")
            .isEqualTo(address(b));
        assertThat(client.connectedTo()).hasValue(address(b));

        try (MqttClient direct = b.passwordClient("alice").build()) {
          direct.connect();
          direct.publish("failover/after", "on the second broker", 1, false);
        }
        assertThat(received.take(WAIT).payloadAsString()).isEqualTo("on the second broker");
        client.publish("failover/self", "from the moved client", 1, false);
        assertThat(received.take(WAIT).payloadAsString()).isEqualTo("from the moved client");
      } finally {
        a.start();
      }
    }
  }

  @Test
  void connectGoesOnToTheNextBrokerWhenTheFirstIsDown() {
    MosquittoBroker a = first.broker();
    a.stop();
    try (MqttClient client = failoverClient("failover-first-down", quiet()).build()) {
      client.connect();
      assertThat(client.connectedTo()).hasValue(address(second.broker()));
    } finally {
      a.start();
    }
  }

  private static ConnectionListener onConnect(
      AtomicReference<MqttClient> self, BlockingQueue<String> connectedTo) {
    return new ConnectionListener() {
      @Override
      public void connected(boolean sessionResumed) {
        MqttClient client = self.get();
        if (client != null) {
          connectedTo.add(client.connectedTo().orElse("not connected"));
        }
      }
    };
  }

  private static ConnectionListener quiet() {
    return new ConnectionListener() {};
  }
}
