package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

  private static ClientConfig config(
      boolean cleanStart, boolean clientIdGenerated, List<ConnectionListener> listeners) {
    return new ClientConfig(
        List.of(new Servers.Server("broker.lan", 8883)),
        "sensor-1",
        clientIdGenerated,
        "alice",
        "s3cret".getBytes(StandardCharsets.UTF_8),
        null,
        MqttVersion.V5,
        Duration.ofSeconds(60),
        cleanStart,
        Duration.ofHours(1),
        null,
        Duration.ofSeconds(10),
        true,
        Duration.ofMillis(250),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        10_000,
        1_000,
        false,
        null,
        listeners,
        16L << 20,
        65_535,
        false);
  }

  @Test
  void onlyACleanStartWithTheUsersOwnClientIdDiscardsAnOldSessionFirst() {
    // No broker knows a generated id, so there is no old session to discard.
    assertThat(config(true, false, List.of()).discardsSessionBeforeConnect()).isTrue();
    assertThat(config(true, true, List.of()).discardsSessionBeforeConnect()).isFalse();
    assertThat(config(false, false, List.of()).discardsSessionBeforeConnect()).isFalse();
    assertThat(config(false, true, List.of()).discardsSessionBeforeConnect()).isFalse();
  }

  @Test
  void theListenersAreCopiedWhenTheConfigIsMade() {
    List<ConnectionListener> listeners = new ArrayList<>();
    ClientConfig config = config(true, false, listeners);

    listeners.add(new ConnectionListener() {});

    assertThat(config.listeners()).isEmpty();
  }

  @Test
  void toStringNamesBrokerIdUserAndTlsButNeverThePassword() {
    assertThat(config(true, false, List.of()).toString())
        .isEqualTo("ClientConfig[broker.lan:8883, clientId=sensor-1, user=alice, tls=false, V5]")
        .doesNotContain("s3cret");
  }
}
