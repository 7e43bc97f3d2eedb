package io.github.simplemqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MQTTClientBuilderTest {

  @Test
  void settersNameTheBoundTheyCheck() {
    MQTTClient.Builder builder = MQTTClient.builder();
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
    try (MQTTClient client = MQTTClient.builder().build()) {
      assertThat(client.clientId()).startsWith("simplemqtt-").hasSize(23);
      assertThat(client.clientId()).isEqualTo(client.clientId());
      assertThat(client.toString()).contains("localhost:1883");
      assertThat(client.isConnected()).isFalse();
    }
  }

  @Test
  void neverPrintsThePassword() {
    try (MQTTClient client =
        MQTTClient.builder().broker("::1", 1884).credentials("alice", "s3cret-pw").build()) {
      assertThat(client.toString()).contains("alice").doesNotContain("s3cret-pw");
    }
  }

  @Test
  void reportsAMissingTlsFileAtBuildTime(@TempDir Path dir) {
    Path missing = dir.resolve("chain.crt");
    assertThatThrownBy(() -> MQTTClient.builder().tls(missing).build())
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("chain.crt");
  }

  @Test
  void closedClientSaysSoAndCloseIsIdempotent() {
    MQTTClient client = MQTTClient.builder().build();
    client.close();
    client.close();
    assertThatThrownBy(() -> client.publish("a", "b", 0, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed; build a new one");
  }

  @Test
  void validatesBeforeSending() {
    try (MQTTClient client = MQTTClient.builder().build()) {
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
    try (MQTTClient client = MQTTClient.builder().broker("127.0.0.1", 1).build()) {
      assertThatThrownBy(() -> client.publish("a", "x", 1, false))
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("call connect() first");
    }
  }
}
