package io.github.simplemqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttClientBuilderTest {

  @Test
  void settersNameTheBoundTheyCheck() {
    MqttClient.Builder builder = MqttClient.builder();
    assertThatThrownBy(() -> builder.broker("host", 0))
        .hasMessage("Port must be 1 to 65535, not 0.");
    assertThatThrownBy(() -> builder.broker(" ", 1883))
        .hasMessage("Broker host must not be empty.");
    assertThatThrownBy(() -> builder.keepAlive(Duration.ZERO))
        .hasMessageContaining("Keep-alive must be 1 s to 65535 s");
    assertThatThrownBy(() -> builder.maxPendingPublishes(0))
        .hasMessage("maxPendingPublishes must be 1 to 1000000, not 0.");
    assertThatThrownBy(() -> builder.connectTimeout(Duration.ofMillis(10)))
        .hasMessageContaining("Connect timeout must be between PT1S and PT10M");
    assertThatThrownBy(() -> builder.reconnectDelay(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessageContaining("Maximum reconnect delay must be between PT5S");
    assertThatThrownBy(() -> builder.clientId("")).hasMessageContaining("leave it unset");
  }

  @Test
  void generatesAStableClientIdAndDefaultPorts() {
    try (MqttClient client = MqttClient.builder().build()) {
      assertThat(client.clientId()).startsWith("simplemqtt-").hasSize(23);
      assertThat(client.clientId()).isEqualTo(client.clientId());
      assertThat(client.toString()).contains("localhost:1883");
      assertThat(client.isConnected()).isFalse();
    }
  }

  @Test
  void severalBrokersKeepTheirOrderAndTakeTheDefaultPort() {
    try (MqttClient client =
        MqttClient.builder().brokers("10.0.0.1:1884", "broker2.lan", "[fd00::3]").build()) {
      assertThat(client.toString()).contains("10.0.0.1:1884 broker2.lan:1883 [fd00::3]:1883");
      assertThat(client.connectedTo()).isEmpty();
    }
    try (MqttClient client = MqttClient.builder().brokers("a:1884").broker("b", 1885).build()) {
      assertThat(client.toString()).contains("b:1885").doesNotContain("a:1884");
    }
    assertThatThrownBy(() -> MqttClient.builder().brokers())
        .hasMessage("brokers(...) needs at least one address.");
    assertThatThrownBy(() -> MqttClient.builder().brokers("ok:1883", "fd00::3"))
        .hasMessageContaining("write it in brackets");
  }

  @Test
  void shuffledBrokersAreAllKept() {
    String[] many = new String[20];
    for (int i = 0; i < many.length; i++) {
      many[i] = "b" + i + ":1883";
    }
    try (MqttClient client = MqttClient.builder().brokers(many).shuffleBrokers().build()) {
      for (String address : many) {
        assertThat(client.toString()).contains(address);
      }
      // One order in 20! is the given one.
      assertThat(client.toString()).doesNotContain(String.join(" ", many));
    }
  }

  @Test
  void neverPrintsThePassword() {
    try (MqttClient client =
        MqttClient.builder().broker("::1", 1884).credentials("alice", "s3cret-pw").build()) {
      assertThat(client.toString()).contains("alice").doesNotContain("s3cret-pw");
    }
  }

  @Test
  void reportsAMissingTlsFileAtBuildTime(@TempDir Path dir) {
    Path missing = dir.resolve("chain.crt");
    assertThatThrownBy(() -> MqttClient.builder().tls(missing).build())
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("chain.crt");
  }

  @Test
  void closedClientSaysSoAndCloseIsIdempotent() {
    MqttClient client = MqttClient.builder().build();
    client.close();
    client.close();
    assertThatThrownBy(() -> client.publish("a", "b", 0, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed; build a new one");
  }

  @Test
  void validatesBeforeSending() {
    try (MqttClient client = MqttClient.builder().build()) {
      assertThatThrownBy(() -> client.publish("a/+", "x", 1, false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("wildcard");
      assertThatThrownBy(() -> client.publish("a", "x", 3, false)).hasMessageContaining("not 3");
      assertThatThrownBy(() -> client.subscribe("a/#/b", 0, m -> {}))
          .hasMessageContaining("'#' must be a whole level");
    }
  }

  @Test
  void publishingBeforeConnectSaysToConnect() {
    try (MqttClient client = MqttClient.builder().broker("127.0.0.1", 1).build()) {
      assertThatThrownBy(() -> client.publish("a", "x", 1, false))
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("call connect() first");
    }
  }

  @Test
  void mqtt5OnlySettingsAreCheckedAndRefusedOnMqtt311() {
    assertThatThrownBy(() -> MqttClient.builder().receiveMaximum(0))
        .hasMessage("Receive maximum must be 1 to 65535, not 0.");
    assertThatThrownBy(() -> MqttClient.builder().receiveMaximum(65_536))
        .hasMessage("Receive maximum must be 1 to 65535, not 65536.");
    try (MqttClient client = MqttClient.builder().receiveMaximum(65_535).build()) {
      assertThat(client.isConnected()).isFalse();
    }
    assertThatThrownBy(
            () -> MqttClient.builder().mqttVersion(MqttVersion.V3_1_1).receiveMaximum(10).build())
        .hasMessageStartingWith("receiveMaximum needs MQTT 5");
    LastWill delayed = LastWill.of("w", "x", 1, false).withDelay(Duration.ofSeconds(5));
    assertThatThrownBy(
            () -> MqttClient.builder().mqttVersion(MqttVersion.V3_1_1).lastWill(delayed).build())
        .hasMessage(
            "A will delay or will properties need MQTT 5, and this client is set to MQTT 3.1.1:"
                + " drop them, or use mqttVersion(MqttVersion.V5).");
    LastWill withProperties =
        LastWill.of("w", "x", 1, false)
            .withProperties(MessageProperties.builder().contentType("text/plain").build());
    assertThatThrownBy(
            () ->
                MqttClient.builder()
                    .mqttVersion(MqttVersion.V3_1_1)
                    .lastWill(withProperties)
                    .build())
        .hasMessageStartingWith("A will delay or will properties need MQTT 5");
    try (MqttClient plain =
        MqttClient.builder()
            .mqttVersion(MqttVersion.V3_1_1)
            .lastWill(LastWill.of("w", "x", 1, false))
            .build()) {
      assertThat(plain.isConnected()).isFalse();
    }
  }

  @Test
  void aLastWillTakesADelayAndPropertiesAsValues() {
    LastWill will = LastWill.of("w", "x", 1, true);
    assertThat(will.delay()).isEqualTo(Duration.ZERO);
    assertThat(will.properties()).isSameAs(MessageProperties.NONE);
    assertThat(will.needsMqtt5()).isFalse();
    LastWill delayed = will.withDelay(Duration.ofSeconds(30));
    assertThat(delayed.needsMqtt5()).isTrue();
    assertThat(delayed).isNotEqualTo(will).isEqualTo(will.withDelay(Duration.ofSeconds(30)));
    assertThat(delayed.toString()).isEqualTo("LastWill[topic=w, 1 bytes, qos=1, delay=30s]");
    LastWill described =
        will.withProperties(MessageProperties.builder().userProperty("k", "v").build());
    assertThat(described.needsMqtt5()).isTrue();
    assertThat(described).isNotEqualTo(will);
    assertThat(described.toString())
        .isEqualTo("LastWill[topic=w, 1 bytes, qos=1, MessageProperties[k=v]]");
    assertThat(described.hashCode()).isNotEqualTo(will.hashCode());
    for (Duration bad :
        new Duration[] {
          Duration.ofSeconds(-1), Duration.ofMillis(1500), Duration.ofSeconds(0x1_0000_0000L)
        }) {
      assertThatThrownBy(() -> will.withDelay(bad))
          .hasMessageStartingWith("The will delay must be a whole number of seconds from 0 to");
    }
    assertThat(will.withDelay(Duration.ofSeconds(0xFFFF_FFFFL)).delay().toSeconds())
        .isEqualTo(0xFFFF_FFFFL);
  }
}
