package io.github.simplemqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
  void everyBoundIsInclusive() {
    MqttClient.Builder builder = MqttClient.builder();
    builder.broker("host", 1).broker("host", 65_535);
    assertThatThrownBy(() -> builder.broker("host", 65_536))
        .hasMessage("Port must be 1 to 65535, not 65536.");
    builder.keepAlive(Duration.ofSeconds(1)).keepAlive(Duration.ofSeconds(65_535));
    assertThatThrownBy(() -> builder.keepAlive(Duration.ofSeconds(65_536)))
        .hasMessage("Keep-alive must be 1 s to 65535 s, not PT18H12M16S.");
    builder.sessionExpiry(Duration.ZERO).sessionExpiry(Duration.ofSeconds(0xFFFF_FFFFL));
    for (Duration bad : new Duration[] {Duration.ofSeconds(-1), Duration.ofSeconds(1L << 32)}) {
      assertThatThrownBy(() -> builder.sessionExpiry(bad))
          .hasMessageStartingWith("Session expiry must be 0 to 4294967295 s");
    }
    builder.receiveMaximum(1);
    builder.maxPendingPublishes(1).maxPendingPublishes(1_000_000);
    assertThatThrownBy(() -> builder.maxPendingPublishes(1_000_001))
        .hasMessage("maxPendingPublishes must be 1 to 1000000, not 1000001.");
    builder.maxQueuedPerSubscription(1).maxQueuedPerSubscription(1_000_000);
    for (int bad : new int[] {0, 1_000_001}) {
      assertThatThrownBy(() -> builder.maxQueuedPerSubscription(bad))
          .hasMessage("maxQueuedPerSubscription must be 1 to 1000000, not " + bad + ".");
    }
    builder.maxQueuedBytesPerSubscription(65_536).maxQueuedBytesPerSubscription(1L << 30);
    for (long bad : new long[] {65_535, (1L << 30) + 1}) {
      assertThatThrownBy(() -> builder.maxQueuedBytesPerSubscription(bad))
          .hasMessage(
              "maxQueuedBytesPerSubscription must be 65536 to 1073741824 bytes, not " + bad + ".");
    }
    builder.connectTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofMinutes(10));
    assertThatThrownBy(() -> builder.connectTimeout(Duration.ofMinutes(10).plusMillis(1)))
        .hasMessageStartingWith("Connect timeout must be between PT1S and PT10M");
    builder.publishTimeout(Duration.ofMillis(100)).publishTimeout(Duration.ofHours(1));
    for (Duration bad : new Duration[] {Duration.ofMillis(99), Duration.ofHours(1).plusMillis(1)}) {
      assertThatThrownBy(() -> builder.publishTimeout(bad))
          .hasMessageStartingWith("Publish timeout must be between PT0.1S and PT1H");
    }
    builder
        .reconnectDelay(Duration.ofMillis(1), Duration.ofMillis(1))
        .reconnectDelay(Duration.ofHours(1), Duration.ofHours(1));
    assertThatThrownBy(() -> builder.reconnectDelay(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageStartingWith("Initial reconnect delay must be between PT0.001S and PT1H");
    assertThatThrownBy(
            () -> builder.reconnectDelay(Duration.ofSeconds(1), Duration.ofHours(1).plusMillis(1)))
        .hasMessageStartingWith("Maximum reconnect delay must be between PT1S and PT1H");
    try (MqttClient client = builder.build()) {
      assertThat(client.toString()).contains(":65535,");
    }
  }

  @Test
  void aClientIdOfTheUsersIsCheckedAndSentAsGiven() {
    try (MqttClient client = MqttClient.builder().clientId("sensor-1").build()) {
      assertThat(client.clientId()).isEqualTo("sensor-1");
    }
    assertThatThrownBy(() -> MqttClient.builder().clientId(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leave it unset");
    assertThatThrownBy(() -> MqttClient.builder().clientId("a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Client id contains U+0000, which MQTT forbids.");
  }

  @Test
  void aBracketedIpv6BrokerAddressLosesItsBrackets() {
    try (MqttClient client = MqttClient.builder().broker("[fe80::1]", 1884).build()) {
      // The host is held without brackets; the address is printed with one pair, as [ipv6]:port.
      assertThat(client.toString()).contains("ClientConfig[[fe80::1]:1884,");
    }
  }

  @Test
  void trustingAnyServerNeedsTls() {
    assertThatThrownBy(() -> MqttClient.builder().insecureTrustAnyServer().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("insecureTrustAnyServer() needs tls(...) as well.");
  }

  @Test
  void theReplyTopicMustBeOneToPublishTo() {
    assertThatThrownBy(() -> MqttClient.builder().replyTopic("replies/+"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wildcard '+'");
  }

  @Test
  void everySetterReturnsTheBuilderItWasCalledOnForChaining(@TempDir Path dir) {
    MqttClient.Builder builder = MqttClient.builder();
    List<MqttClient.Builder> returned =
        List.of(
            builder.broker("localhost", 1883),
            builder.clientId("sensor-1"),
            builder.credentials("alice", "pw"),
            builder.tls(dir.resolve("chain.crt"), dir.resolve("c.crt"), dir.resolve("c.key")),
            builder.tls(dir.resolve("chain.crt")),
            builder.keyPassphrase(new char[] {'p'}),
            builder.insecureTrustAnyServer(),
            builder.mqttVersion(MqttVersion.V5),
            builder.keepAlive(Duration.ofSeconds(30)),
            builder.cleanStart(false),
            builder.sessionExpiry(Duration.ofMinutes(5)),
            builder.lastWill(LastWill.of("w", "x", 1, false)),
            builder.receiveMaximum(100),
            builder.connectTimeout(Duration.ofSeconds(5)),
            builder.automaticReconnect(false),
            builder.reconnectDelay(Duration.ofMillis(100), Duration.ofSeconds(5)),
            builder.publishTimeout(Duration.ofSeconds(5)),
            builder.maxPendingPublishes(100),
            builder.maxQueuedPerSubscription(100),
            builder.maxQueuedBytesPerSubscription(1L << 20),
            builder.republishRecentAfterReconnect(true),
            builder.handlerExecutor(Runnable::run),
            builder.replyTopic("replies/sensor-1"),
            builder.connectionListener(new ConnectionListener() {}));

    assertThat(returned).allSatisfy(each -> assertThat(each).isSameAs(builder));
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
  void fallbackToMqtt311IsRefusedWithWhatMqtt311CannotCarry() {
    assertThatThrownBy(
            () ->
                MqttClient.builder()
                    .mqttVersion(MqttVersion.V3_1_1)
                    .fallbackToMqtt311(true)
                    .build())
        .hasMessage(
            "fallbackToMqtt311 falls back from MQTT 5, and this client is set to MQTT 3.1.1:"
                + " drop one of the two.");
    assertThatThrownBy(
            () -> MqttClient.builder().fallbackToMqtt311(true).receiveMaximum(10).build())
        .hasMessage(
            "fallbackToMqtt311 may end on MQTT 3.1.1, which cannot carry receiveMaximum: drop one"
                + " of the two.");
    LastWill delayed = LastWill.of("w", "x", 1, false).withDelay(Duration.ofSeconds(5));
    assertThatThrownBy(() -> MqttClient.builder().fallbackToMqtt311(true).lastWill(delayed).build())
        .hasMessageContaining("cannot carry a will delay or will properties");
    try (MqttClient client = MqttClient.builder().fallbackToMqtt311(true).build()) {
      assertThat(client.mqttVersion()).isEqualTo(MqttVersion.V5);
      // Before connect() the version is not settled: MQTT 5 features are refused in words.
      assertThatThrownBy(
              () ->
                  client.publishAsync(
                      Message.builder("t").payload("x").userProperty("k", "v").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("this client may fall back to MQTT 3.1.1 at connect()");
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
