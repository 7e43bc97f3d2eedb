package io.github.simplemqtt.client.internal;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilderBase;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.UserProperty;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/** Our {@link MessageProperties} to HiveMQ's MQTT 5 PUBLISH and back. */
final class MessagePropertiesMapping {
  private MessagePropertiesMapping() {}

  /** Sets {@code properties} on an MQTT 5 publish or will being built; returns the builder. */
  static <C extends Mqtt5PublishBuilderBase.Complete<C>> C apply(
      MessageProperties properties, C publish) {
    C built = publish;
    if (!properties.userProperties().isEmpty()) {
      Mqtt5UserPropertiesBuilder user = Mqtt5UserProperties.builder();
      for (UserProperty property : properties.userProperties()) {
        user.add(property.name(), property.value());
      }
      built = built.userProperties(user.build());
    }
    built = built.contentType(properties.contentType().orElse(null));
    if (properties.payloadUtf8()) {
      built = built.payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8);
    }
    if (properties.messageExpiry().isPresent()) {
      built = built.messageExpiryInterval(properties.messageExpiry().get().toSeconds());
    }
    built = built.responseTopic(properties.responseTopic().orElse(null));
    return built.correlationData(properties.correlationData().orElse(null));
  }

  /**
   * The properties of a received MQTT 5 publish. A broker sends the expiry that is left, not the
   * one the publisher set.
   */
  static MessageProperties of(Mqtt5Publish publish) {
    List<? extends Mqtt5UserProperty> user = publish.getUserProperties().asList();
    boolean none =
        user.isEmpty()
            && publish.getContentType().isEmpty()
            && publish.getPayloadFormatIndicator().isEmpty()
            && publish.getMessageExpiryInterval().isEmpty()
            && publish.getResponseTopic().isEmpty()
            && publish.getCorrelationData().isEmpty();
    if (none) {
      return MessageProperties.NONE;
    }
    MessageProperties.Builder properties = MessageProperties.builder();
    for (Mqtt5UserProperty property : user) {
      properties.userProperty(property.getName().toString(), property.getValue().toString());
    }
    properties.contentType(publish.getContentType().map(MqttUtf8String::toString).orElse(null));
    properties.payloadUtf8(
        publish.getPayloadFormatIndicator().orElse(null) == Mqtt5PayloadFormatIndicator.UTF_8);
    publish
        .getMessageExpiryInterval()
        .ifPresent(seconds -> properties.messageExpiry(Duration.ofSeconds(Math.max(1, seconds))));
    properties.responseTopic(publish.getResponseTopic().map(Object::toString).orElse(null));
    properties.correlationData(
        publish.getCorrelationData().map(MessagePropertiesMapping::bytes).orElse(null));
    return properties.build();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
