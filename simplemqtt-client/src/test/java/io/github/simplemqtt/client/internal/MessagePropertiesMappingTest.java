package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.github.simplemqtt.client.MessageProperties;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagePropertiesMappingTest {

  private static Mqtt5Publish published(MessageProperties properties) {
    return MessagePropertiesMapping.apply(properties, Mqtt5Publish.builder().topic("t")).build();
  }

  @Test
  void everyPropertyIsSentInThePublishAndReadBackFromIt() {
    MessageProperties properties =
        MessageProperties.builder()
            .userProperty("unit", "C")
            .userProperty("unit", "F")
            .contentType("text/plain")
            .payloadUtf8(true)
            .messageExpiry(Duration.ofSeconds(60))
            .responseTopic("replies/a")
            .correlationData(new byte[] {7, 8})
            .build();

    Mqtt5Publish publish = published(properties);

    assertThat(publish.getUserProperties().asList())
        .extracting(p -> p.getName() + "=" + p.getValue())
        .containsExactly("unit=C", "unit=F");
    assertThat(publish.getContentType())
        .hasValueSatisfying(t -> assertThat(t).hasToString("text/plain"));
    assertThat(publish.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
    assertThat(publish.getMessageExpiryInterval()).hasValue(60);
    assertThat(publish.getResponseTopic())
        .hasValueSatisfying(t -> assertThat(t).hasToString("replies/a"));
    assertThat(publish.getCorrelationData())
        .hasValueSatisfying(d -> assertThat(d).isEqualTo(ByteBuffer.wrap(new byte[] {7, 8})));
    assertThat(MessagePropertiesMapping.of(publish)).isEqualTo(properties);
  }

  @Test
  void noPropertiesSendNoneAndReadBackAsNone() {
    Mqtt5Publish publish = published(MessageProperties.NONE);

    assertThat(publish.getUserProperties().asList()).isEmpty();
    assertThat(publish.getContentType()).isEmpty();
    assertThat(publish.getPayloadFormatIndicator()).isEmpty();
    assertThat(publish.getMessageExpiryInterval()).isEmpty();
    assertThat(publish.getResponseTopic()).isEmpty();
    assertThat(publish.getCorrelationData()).isEmpty();
    assertThat(MessagePropertiesMapping.of(publish)).isSameAs(MessageProperties.NONE);
  }

  @Test
  void anyOnePropertyAloneIsReadBack() {
    List<MessageProperties> each =
        List.of(
            MessageProperties.builder().userProperty("k", "v").build(),
            MessageProperties.builder().contentType("application/json").build(),
            MessageProperties.builder().payloadUtf8(true).build(),
            MessageProperties.builder().messageExpiry(Duration.ofSeconds(5)).build(),
            MessageProperties.builder().responseTopic("r").build(),
            MessageProperties.builder().correlationData(new byte[] {1}).build());

    for (MessageProperties properties : each) {
      assertThat(MessagePropertiesMapping.of(published(properties)))
          .as(properties.toString())
          .isEqualTo(properties);
    }
  }

  @Test
  void anExpiryTheBrokerCountedDownToZeroIsReadAsOneSecond() {
    // The broker sends what is left of the expiry; zero would mean "no expiry" to a caller.
    Mqtt5Publish publish = Mqtt5Publish.builder().topic("t").messageExpiryInterval(0).build();

    assertThat(MessagePropertiesMapping.of(publish).messageExpiry())
        .hasValue(Duration.ofSeconds(1));
  }

  @Test
  void anUnspecifiedPayloadFormatIsNotUtf8() {
    Mqtt5Publish publish =
        Mqtt5Publish.builder()
            .topic("t")
            .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UNSPECIFIED)
            .build();

    MessageProperties properties = MessagePropertiesMapping.of(publish);

    assertThat(properties.payloadUtf8()).isFalse();
  }

  @Test
  void correlationDataIsCopiedWithoutMovingTheBuffer() {
    Mqtt5Publish publish =
        Mqtt5Publish.builder().topic("t").correlationData(new byte[] {1, 2, 3}).build();

    byte[] first = MessagePropertiesMapping.of(publish).correlationData().orElseThrow();
    byte[] second = MessagePropertiesMapping.of(publish).correlationData().orElseThrow();

    assertThat(first).containsExactly(1, 2, 3);
    assertThat(second).containsExactly(1, 2, 3);
  }
}
