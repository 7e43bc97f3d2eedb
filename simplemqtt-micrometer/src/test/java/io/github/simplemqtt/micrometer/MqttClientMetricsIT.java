package io.github.simplemqtt.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meters follow a client talking to a real mosquitto. */
class MqttClientMetricsIT {
  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "alice-pw").withoutTls().build();

  @Test
  void metersFollowTheClient(MosquittoBroker broker, RecordingHandler received) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MqttClient client = broker.passwordClient("alice").build()) {
      new MqttClientMetrics(client, Tags.of("app", "test")).bindTo(registry);
      assertThat(registry.get("mqtt.client.connected").gauge().value()).isZero();

      client.connect();
      client.subscribe("meters/t", 1, received);
      for (int i = 0; i < 5; i++) {
        client.publish("meters/t", "m" + i, 1, false);
      }
      received.awaitCount(5, Duration.ofSeconds(10));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> registry.get("mqtt.client.delivered").functionCounter().count() == 5);

      assertThat(registry.get("mqtt.client.connected").gauge().value()).isEqualTo(1);
      assertThat(
              registry
                  .get("mqtt.client.published")
                  .tag("client.id", client.clientId())
                  .tag("app", "test")
                  .functionCounter()
                  .count())
          .isEqualTo(5);
      assertThat(registry.get("mqtt.client.acknowledged").functionCounter().count()).isEqualTo(5);
      assertThat(registry.get("mqtt.client.failed").functionCounter().count()).isZero();
      assertThat(registry.get("mqtt.client.in.flight").gauge().value()).isZero();
      assertThat(
              registry
                  .get("mqtt.client.dropped")
                  .tag("reason", "slow_handler")
                  .functionCounter()
                  .count())
          .isZero();
      assertThat(registry.get("mqtt.client.dropped").functionCounters()).hasSize(2);
      assertThat(registry.get("mqtt.client.reconnects").functionCounter().count()).isZero();
    }
  }
}
