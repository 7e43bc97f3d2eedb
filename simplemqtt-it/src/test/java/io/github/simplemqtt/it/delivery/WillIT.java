package io.github.simplemqtt.it.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.LastWill;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.UserProperty;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT 5 wills: their properties reach the watcher, and a will delay spares a client that comes
 * back in time. The dying client is cut off through a {@link FaultProxy}, so the broker sees a
 * connection lost without DISCONNECT.
 */
class WillIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "alice-pw").withoutTls().build();

  @Test
  void aWillCarriesItsPropertiesAndComesAfterItsDelay(
      MosquittoBroker broker, RecordingHandler watched) throws Exception {
    MessageProperties properties =
        MessageProperties.builder()
            .userProperty("reason", "vanished")
            .contentType("text/plain")
            .build();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient watcher = broker.passwordClient("alice").build();
        MqttClient dying =
            broker
                .passwordClient("alice")
                .broker(proxy.host(), proxy.port())
                .automaticReconnect(false)
                .lastWill(
                    LastWill.of("will/props", "gone", 1, false)
                        .withDelay(Duration.ofSeconds(1))
                        .withProperties(properties))
                .build()) {
      watcher.connect();
      watcher.subscribe("will/props", 1, watched);
      dying.connect();

      proxy.resetAll();

      Message will = watched.take(WAIT);
      assertThat(will.payloadAsString()).isEqualTo("gone");
      assertThat(will.properties().userProperties())
          .containsExactly(new UserProperty("reason", "vanished"));
      assertThat(will.properties().contentType()).contains("text/plain");
    }
  }

  @Test
  void aClientBackWithinTheWillDelaySendsNoWill(MosquittoBroker broker, RecordingHandler watched)
      throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient watcher = broker.passwordClient("alice").build();
        MqttClient other = broker.passwordClient("alice").build();
        MqttClient blip =
            broker
                .passwordClient("alice")
                .broker(proxy.host(), proxy.port())
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200))
                .lastWill(
                    LastWill.of("will/delay", "gone", 1, false).withDelay(Duration.ofMinutes(5)))
                .connectionListener(
                    new ConnectionListener() {
                      @Override
                      public void connected(boolean sessionResumed) {
                        events.add(sessionResumed ? "resumed" : "new");
                      }
                    })
                .build()) {
      watcher.connect();
      other.connect();
      watcher.subscribe("will/delay", 1, watched);
      blip.connect();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("new");

      proxy.resetAll();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("resumed");

      // Had the will been published at the cut, it would arrive before this.
      other.publish("will/delay", "marker", 1, false);
      assertThat(watched.take(WAIT).payloadAsString()).isEqualTo("marker");
    }
  }
}
