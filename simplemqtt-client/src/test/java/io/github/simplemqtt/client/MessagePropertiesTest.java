package io.github.simplemqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagePropertiesTest {

  private static MessageProperties.Builder every() {
    return MessageProperties.builder()
        .userProperty("unit", "C")
        .userProperty("unit", "F")
        .contentType("text/plain")
        .payloadUtf8(true)
        .messageExpiry(Duration.ofSeconds(60))
        .responseTopic("replies/a")
        .correlationData(new byte[] {7});
  }

  @Test
  void noneIsEmptyAndEveryPropertyMakesItNonEmpty() {
    assertThat(MessageProperties.NONE.isEmpty()).isTrue();
    assertThat(MessageProperties.builder().build()).isEqualTo(MessageProperties.NONE);
    List<MessageProperties> one =
        List.of(
            MessageProperties.builder().userProperty("", "").build(),
            MessageProperties.builder().contentType("").build(),
            MessageProperties.builder().payloadUtf8(true).build(),
            MessageProperties.builder().messageExpiry(Duration.ofSeconds(1)).build(),
            MessageProperties.builder().responseTopic("r").build(),
            MessageProperties.builder().correlationData(new byte[0]).build());
    for (MessageProperties properties : one) {
      assertThat(properties.isEmpty()).as(properties.toString()).isFalse();
      assertThat(properties).isNotEqualTo(MessageProperties.NONE);
    }
  }

  @Test
  void keepsUserPropertiesInOrderWithRepeatedNames() {
    MessageProperties properties = every().build();
    assertThat(properties.userProperties())
        .containsExactly(new UserProperty("unit", "C"), new UserProperty("unit", "F"));
    assertThat(properties.userProperty("unit")).contains("C");
    assertThat(properties.userProperty("room")).isEmpty();
    assertThatThrownBy(() -> properties.userProperties().add(new UserProperty("a", "b")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void userPropertiesGivenAsAListFollowTheOnesAddedBefore() {
    MessageProperties properties =
        MessageProperties.builder()
            .userProperty("unit", "C")
            .userProperties(
                List.of(new UserProperty("room", "kitchen"), new UserProperty("unit", "F")))
            .contentType("text/plain")
            .build();

    assertThat(properties.userProperties())
        .containsExactly(
            new UserProperty("unit", "C"),
            new UserProperty("room", "kitchen"),
            new UserProperty("unit", "F"));
    assertThat(properties.contentType()).contains("text/plain");
  }

  @Test
  void equalByContentAndDifferentInAnyProperty() {
    MessageProperties properties = every().build();
    assertThat(properties).isEqualTo(every().build()).hasSameHashCodeAs(every().build());
    assertThat(properties.toBuilder().build()).isEqualTo(properties);
    assertThat(properties)
        .isNotEqualTo(every().userProperty("x", "y").build())
        .isNotEqualTo(every().contentType("text/csv").build())
        .isNotEqualTo(every().payloadUtf8(false).build())
        .isNotEqualTo(every().messageExpiry(Duration.ofSeconds(61)).build())
        .isNotEqualTo(every().responseTopic("replies/b").build())
        .isNotEqualTo(every().correlationData(new byte[] {8}).build())
        .isNotEqualTo("properties");
  }

  @Test
  void correlationDataIsCopiedInAndOut() {
    byte[] data = {1, 2};
    MessageProperties properties = MessageProperties.builder().correlationData(data).build();
    data[0] = 9;
    properties.correlationData().orElseThrow()[1] = 9;
    assertThat(properties.correlationData())
        .hasValueSatisfying(d -> assertThat(d).containsExactly(1, 2));
  }

  @Test
  void toStringNamesWhatIsSetAndOnlyTheLengthOfCorrelationData() {
    assertThat(every().build().toString())
        .isEqualTo(
            "MessageProperties[unit=C, unit=F, contentType=text/plain, payloadUtf8, expiry=60s,"
                + " responseTopic=replies/a, correlationData=1 bytes]");
    assertThat(MessageProperties.NONE.toString()).isEqualTo("MessageProperties[]");
  }

  @Test
  void refusesAnExpiryMqttCannotCarry() {
    for (Duration bad :
        List.of(
            Duration.ZERO,
            Duration.ofSeconds(-1),
            Duration.ofMillis(1500),
            Duration.ofMillis(500),
            Duration.ofSeconds(0xFFFF_FFFFL + 1),
            Duration.ofDays(365L * 1000))) {
      assertThatThrownBy(() -> MessageProperties.builder().messageExpiry(bad))
          .as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Message expiry must be a whole number of seconds from 1 to");
    }
    assertThat(
            MessageProperties.builder()
                .messageExpiry(Duration.ofSeconds(0xFFFF_FFFFL))
                .build()
                .messageExpiry())
        .contains(Duration.ofSeconds(0xFFFF_FFFFL));
    assertThat(MessageProperties.builder().messageExpiry(null).build().messageExpiry()).isEmpty();
  }

  @Test
  void refusesAWildcardResponseTopicAndStringsMqttCannotCarry() {
    assertThatThrownBy(() -> MessageProperties.builder().responseTopic("replies/#"))
        .hasMessageContaining("wildcard '#'");
    assertThatThrownBy(() -> MessageProperties.builder().contentType("a\u0000b"))
        .hasMessageContaining("Content type")
        .hasMessageContaining("U+0000");
    assertThatThrownBy(() -> new UserProperty("k", "\uD800"))
        .hasMessageContaining("User property value")
        .hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> new UserProperty(null, "v"))
        .hasMessage("User property name must not be null.");
    assertThatThrownBy(() -> new UserProperty("k", "x".repeat(65_536)))
        .hasMessageContaining("65535");
    assertThatThrownBy(() -> MessageProperties.builder().correlationData(new byte[65_536]))
        .hasMessageContaining("at most 65,535");
    assertThat(MessageProperties.builder().correlationData(new byte[65_535]).build().isEmpty())
        .isFalse();
  }

  @Test
  void aMessageBuiltWithPropertiesCarriesThem() {
    Message message =
        Message.builder("sensors/t")
            .payload("21.5")
            .qos(1)
            .retained(true)
            .userProperty("unit", "C")
            .contentType("text/plain")
            .payloadUtf8(true)
            .messageExpiry(Duration.ofSeconds(5))
            .responseTopic("r")
            .correlationData(new byte[] {1})
            .build();
    assertThat(message.topic()).isEqualTo("sensors/t");
    assertThat(message.payloadAsString()).isEqualTo("21.5");
    assertThat(message.payloadSize()).isEqualTo(4);
    assertThat(message.qos()).isEqualTo(1);
    assertThat(message.retained()).isTrue();
    assertThat(message.properties())
        .isEqualTo(
            MessageProperties.builder()
                .userProperty("unit", "C")
                .contentType("text/plain")
                .payloadUtf8(true)
                .messageExpiry(Duration.ofSeconds(5))
                .responseTopic("r")
                .correlationData(new byte[] {1})
                .build());
    assertThat(message).isNotEqualTo(new Message("sensors/t", message.payload(), 1, true));
    assertThat(message.toString())
        .isEqualTo(
            "Message[topic=sensors/t, 4 bytes, qos=1, retained, MessageProperties[unit=C,"
                + " contentType=text/plain, payloadUtf8, expiry=5s, responseTopic=r,"
                + " correlationData=1 bytes]]");
  }

  @Test
  void aMessageBuilderTakesWholePropertiesAndChecksTheTopic() {
    MessageProperties properties = every().build();
    Message message =
        Message.builder("t").userProperty("dropped", "x").properties(properties).build();
    assertThat(message.properties()).isEqualTo(properties);
    assertThat(Message.builder("t").build())
        .isEqualTo(new Message("t", new byte[0], 0, false, MessageProperties.NONE));
    assertThatThrownBy(() -> Message.builder("a/+").build()).hasMessageContaining("wildcard '+'");
    assertThatThrownBy(() -> Message.builder("t").qos(3).build())
        .hasMessage("QoS must be 0, 1 or 2, not 3.");
    assertThatThrownBy(() -> new Message("t", new byte[0], 0, false, null))
        .isInstanceOf(NullPointerException.class);
  }
}
