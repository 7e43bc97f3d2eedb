package io.github.simplemqtt.client;

import io.github.simplemqtt.client.internal.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message: one received on a subscription, or one to publish with MQTT 5 properties.
 *
 * <pre>{@code
 * client.publish(Message.builder("sensors/t").payload("21.5").qos(1).userProperty("unit", "C").build());
 * }</pre>
 *
 * @param topic the concrete topic (never a wildcard)
 * @param payload the payload bytes; the record keeps its own copy
 * @param qos the quality of service: 0, 1 or 2 (for a received message, the one it was delivered
 *     with)
 * @param retained whether the broker delivered it from its retained store; to publish, whether the
 *     broker should retain it
 * @param properties its MQTT 5 properties; {@link MessageProperties#NONE} when it has none, always
 *     over MQTT 3.1.1
 */
public record Message(
    String topic, byte[] payload, int qos, boolean retained, MessageProperties properties) {

  /** Validates the fields and copies the payload. */
  public Message {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(properties, "properties");
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("QoS must be 0, 1 or 2, not " + qos + ".");
    }
    payload = payload.clone();
  }

  /** A message without properties. */
  public Message(String topic, byte[] payload, int qos, boolean retained) {
    this(topic, payload, qos, retained, MessageProperties.NONE);
  }

  /**
   * A builder for a message to {@code topic}: empty payload, QoS 0, not retained, no properties.
   */
  public static Builder builder(String topic) {
    return new Builder(topic);
  }

  /** A copy of the payload bytes. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload's length in bytes, without copying it. */
  public int payloadSize() {
    return payload.length;
  }

  /** The payload decoded as UTF-8 (malformed bytes become U+FFFD). */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Message that
        && topic.equals(that.topic)
        && Arrays.equals(payload, that.payload)
        && qos == that.qos
        && retained == that.retained
        && properties.equals(that.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, Arrays.hashCode(payload), qos, retained, properties);
  }

  @Override
  public String toString() {
    return "Message[topic="
        + topic
        + ", "
        + payload.length
        + " bytes, qos="
        + qos
        + (retained ? ", retained" : "")
        + (properties.isEmpty() ? "" : ", " + properties)
        + "]";
  }

  /** Builds a message to publish; the setters of its properties are here too, for one line. */
  public static final class Builder {
    private final String topic;
    private byte[] payload = new byte[0];
    private int qos;
    private boolean retained;
    private MessageProperties.Builder properties = MessageProperties.builder();

    private Builder(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** The payload bytes; the message keeps its own copy. */
    public Builder payload(byte[] payload) {
      this.payload = Objects.requireNonNull(payload, "payload");
      return this;
    }

    /** The payload as UTF-8 text. */
    public Builder payload(String payload) {
      return payload(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** 0, 1 or 2. */
    public Builder qos(int qos) {
      this.qos = qos;
      return this;
    }

    /** Whether the broker should retain it. */
    public Builder retained(boolean retained) {
      this.retained = retained;
      return this;
    }

    /** Replaces every property set so far with {@code properties}. */
    public Builder properties(MessageProperties properties) {
      this.properties = properties.toBuilder();
      return this;
    }

    /** See {@link MessageProperties.Builder#userProperty}. */
    public Builder userProperty(String name, String value) {
      properties.userProperty(name, value);
      return this;
    }

    /** See {@link MessageProperties.Builder#contentType}. */
    public Builder contentType(String contentType) {
      properties.contentType(contentType);
      return this;
    }

    /** See {@link MessageProperties.Builder#payloadUtf8}. */
    public Builder payloadUtf8(boolean payloadUtf8) {
      properties.payloadUtf8(payloadUtf8);
      return this;
    }

    /** See {@link MessageProperties.Builder#messageExpiry}. */
    public Builder messageExpiry(Duration expiry) {
      properties.messageExpiry(expiry);
      return this;
    }

    /** See {@link MessageProperties.Builder#responseTopic}. */
    public Builder responseTopic(String topic) {
      properties.responseTopic(topic);
      return this;
    }

    /** See {@link MessageProperties.Builder#correlationData}. */
    public Builder correlationData(byte[] data) {
      properties.correlationData(data);
      return this;
    }

    /** The message; checks the topic as a publish topic (no wildcards) and the QoS. */
    public Message build() {
      Topics.checkTopicName(topic);
      return new Message(topic, payload, qos, retained, properties.build());
    }
  }
}
