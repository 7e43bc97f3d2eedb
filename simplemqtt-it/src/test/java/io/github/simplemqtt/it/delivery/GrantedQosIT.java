package io.github.simplemqtt.it.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code subscribe} returns the QoS the broker granted, and warns once when it is lower. */
class GrantedQosIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().anonymous(true).withoutTls().build();

  /** Mosquitto 2.0 grants at most {@code max_qos} on the listener it follows (the only one). */
  @BeforeAll
  static void limitQosToOne() throws IOException {
    MosquittoBroker broker = mosquitto.broker();
    Files.writeString(broker.directory().configFile(), "\nmax_qos 1\n", StandardOpenOption.APPEND);
    broker.restart();
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void subscribeReturnsTheLowerGrantedQosAndWarnsOnce(MqttVersion version, MosquittoBroker broker) {
    String filter = "granted/" + version + "/#";
    RecordingHandler received = new RecordingHandler();
    try (LogLines log = new LogLines();
        MqttClient client = broker.anonymousClient().mqttVersion(version).build()) {
      client.connect();

      int granted = client.subscribe(filter, 2, received);
      int asked1 = client.subscribe("granted/" + version + "/one", 1, message -> {});

      assertThat(granted).isEqualTo(1);
      assertThat(asked1).isEqualTo(1);
      assertThat(log.containing("WARN", "granted QoS 1", "'" + filter + "'", "QoS 2 was asked"))
          .hasSize(1);
      assertThat(log.containing("WARN", "granted/" + version + "/one'")).isEmpty();
      client.publish("granted/" + version + "/x", "at most QoS 1", 1, false);
      Message message = received.take(WAIT);
      assertThat(message.qos()).isEqualTo(1);
    }
  }
}
