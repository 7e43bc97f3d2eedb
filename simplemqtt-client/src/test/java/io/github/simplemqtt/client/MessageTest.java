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

  @Test
  void messagesDifferingInAnyFieldAreNotEqual() {
    Message message = new Message("t", new byte[] {1}, 1, false);

    assertThat(message)
        .isEqualTo(message)
        .isNotEqualTo(new Message("u", new byte[] {1}, 1, false))
        .isNotEqualTo(new Message("t", new byte[] {1}, 2, false))
        .isNotEqualTo(new Message("t", new byte[] {1}, 1, true))
        .isNotEqualTo("t");
    assertThat(message.toString()).isEqualTo("Message[topic=t, 1 bytes, qos=1]");
    assertThat(new Message("t", new byte[2], 0, true).toString())
        .isEqualTo("Message[topic=t, 2 bytes, qos=0, retained]");
    assertThatThrownBy(() -> new Message("t", new byte[0], -1, false))
        .hasMessage("QoS must be 0, 1 or 2, not -1.");
  }

  @Test
  void lastWillsAreEqualByContentAndDifferInAnyField() {
    LastWill will = LastWill.of("status/a", "offline", 1, true);

    assertThat(will)
        .isEqualTo(LastWill.of("status/a", "offline", 1, true))
        .hasSameHashCodeAs(LastWill.of("status/a", "offline", 1, true))
        .isNotEqualTo(LastWill.of("status/b", "offline", 1, true))
        .isNotEqualTo(LastWill.of("status/a", "online", 1, true))
        .isNotEqualTo(LastWill.of("status/a", "offline", 2, true))
        .isNotEqualTo(LastWill.of("status/a", "offline", 1, false))
        .isNotEqualTo("status/a");
    assertThat(will.hashCode())
        .isNotEqualTo(LastWill.of("status/a", "offline", 1, false).hashCode());
  }

  @Test
  void aLastWillKeepsItsOwnPayloadAndDoesNotPrintIt() {
    byte[] bytes = "offline".getBytes(StandardCharsets.UTF_8);
    LastWill will = new LastWill("status/a", bytes, 0, false);
    bytes[0] = 'X';
    will.payload()[1] = 'Y';

    assertThat(will.payload()).isEqualTo("offline".getBytes(StandardCharsets.UTF_8));
    assertThat(will.toString()).isEqualTo("LastWill[topic=status/a, 7 bytes, qos=0]");
    assertThatThrownBy(() -> LastWill.of("status/a", "offline", 3, false))
        .hasMessage("QoS must be 0, 1 or 2, not 3.");
    assertThatThrownBy(() -> new LastWill("status/a", null, 0, false)).hasMessage("payload");
  }
}
