package io.github.simplemqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageTest {

  @Test
  void copiesPayloadInAndOut() {
    byte[] bytes = "21.5".getBytes(StandardCharsets.UTF_8);
    Message message = new Message("sensors/temp", bytes, 1, false);
    bytes[0] = 'x';
    assertThat(message.payloadAsString()).isEqualTo("21.5");
    message.payload()[0] = 'y';
    assertThat(message.payloadAsString()).isEqualTo("21.5");
  }

  @Test
  void equalityComparesPayloadContent() {
    assertThat(new Message("t", new byte[] {1, 2}, 0, true))
        .isEqualTo(new Message("t", new byte[] {1, 2}, 0, true))
        .hasSameHashCodeAs(new Message("t", new byte[] {1, 2}, 0, true))
        .isNotEqualTo(new Message("t", new byte[] {1, 3}, 0, true));
  }

  @Test
  void refusesBadQos() {
    assertThatThrownBy(() -> new Message("t", new byte[0], 3, false))
        .hasMessage("QoS must be 0, 1 or 2, not 3.");
  }

  @Test
  void lastWillValidatesItsTopic() {
    assertThatThrownBy(() -> LastWill.of("status/#", "offline", 1, true))
        .hasMessageContaining("wildcard '#'");
    assertThat(LastWill.of("status/a", "offline", 1, true).payload())
        .isEqualTo("offline".getBytes(StandardCharsets.UTF_8));
  }
}
