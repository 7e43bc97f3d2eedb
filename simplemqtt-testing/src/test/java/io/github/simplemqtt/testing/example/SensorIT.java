package io.github.simplemqtt.testing.example;

// README example: begin
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.ConnectedClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoTest;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@MosquittoTest(
    users = "dashboard:secret",
    certificates = "sensor1",
    acl = {
      "user dashboard",
      "topic read sensors/#",
      "user sensor1",
      "topic write sensors/sensor1/#"
    })
class SensorIT {
  static final Duration WAIT = Duration.ofSeconds(30); // generous: a loaded machine is slow

  @ConnectedClient(certificate = "sensor1") // mutual TLS as CN=sensor1
  MqttClient sensor;

  @Test
  void readingsReachTheDashboard(
      @ConnectedClient(user = "dashboard") MqttClient dashboard, RecordingHandler received) {
    dashboard.subscribe("sensors/+/temp", 1, received);
    sensor.publish("sensors/sensor1/temp", "21.5", 1, false);

    Message reading = received.take(WAIT);
    assertThat(reading.topic()).isEqualTo("sensors/sensor1/temp");
    assertThat(reading.payloadAsString()).isEqualTo("21.5");
  }

  @Test
  void aSensorCannotSpeakForAnother() {
    assertThatThrownBy(() -> sensor.publish("sensors/sensor2/temp", "-40", 1, false))
        .isInstanceOf(BrokerRefusedException.class)
        .hasMessageContaining("not authorised");
  }

  @Test
  void theDashboardHearsSensorsAgainAfterABrokerRestart(
      MosquittoBroker broker,
      @ConnectedClient(user = "dashboard") MqttClient dashboard,
      RecordingHandler received) {
    dashboard.subscribe("sensors/+/status", 1, received);
    broker.restart(); // same ports and saved sessions; the clients reconnect by themselves

    // Waits for the reconnect; retained, so the dashboard gets it whenever it subscribes again.
    sensor.publish("sensors/sensor1/status", "online", 1, true);
    assertThat(received.take(WAIT).payloadAsString()).isEqualTo("online");
  }
}
// README example: end
