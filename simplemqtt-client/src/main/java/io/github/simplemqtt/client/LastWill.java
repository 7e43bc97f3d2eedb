package io.github.simplemqtt.client;

import io.github.simplemqtt.client.internal.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The message the broker publishes on the client's behalf when the client disappears without
 * disconnecting (its "last will and testament").
 *
 * <pre>{@code
 * LastWill.of("devices/pump/status", "offline", 1, true).withDelay(Duration.ofSeconds(30))
 * }</pre>
 *
 * @param topic where to publish it; no wildcards
 * @param payload its bytes; the record keeps its own copy
 * @param qos 0, 1 or 2
 * @param retain whether the broker should retain it
 * @param delay MQTT 5: how long the broker waits before publishing it, so that a client back within
 *     that time sends no will at all; zero to publish at once (the broker publishes it by the end
 *     of the session at the latest)
 * @param properties MQTT 5: the will message's properties, {@link MessageProperties#NONE} for none
 */
public record LastWill(
    String topic,
    byte[] payload,
    int qos,
    boolean retain,
    Duration delay,
    MessageProperties properties) {

  /** Validates the topic, QoS and delay and copies the payload. */
  public LastWill {
    Topics.checkTopicName(topic);
    Topics.checkQos(qos);
    payload = Objects.requireNonNull(payload, "payload").clone();
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(properties, "properties");
    if (delay.isNegative()
        || delay.getNano() != 0
        || delay.toSeconds() > MessageProperties.MAX_EXPIRY_SECONDS) {
      throw new IllegalArgumentException(
          "The will delay must be a whole number of seconds from 0 to "
              + MessageProperties.MAX_EXPIRY_SECONDS
              + ", not "
              + delay
              + ".");
    }
  }

  /** A last will published at once, without properties. */
  public LastWill(String topic, byte[] payload, int qos, boolean retain) {
    this(topic, payload, qos, retain, Duration.ZERO, MessageProperties.NONE);
  }

  /** A last will with a UTF-8 text payload. */
  public static LastWill of(String topic, String payload, int qos, boolean retain) {
    return new LastWill(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
  }

  /** This will, published only after {@code delay} (MQTT 5). */
  public LastWill withDelay(Duration delay) {
    return new LastWill(topic, payload, qos, retain, delay, properties);
  }

  /** This will, with {@code properties} (MQTT 5). */
  public LastWill withProperties(MessageProperties properties) {
    return new LastWill(topic, payload, qos, retain, delay, properties);
  }

  /** Whether it uses what only MQTT 5 carries: a delay or properties. */
  boolean needsMqtt5() {
    return !delay.isZero() || !properties.isEmpty();
  }

  /** A copy of the payload bytes. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof LastWill that
        && topic.equals(that.topic)
        && Arrays.equals(payload, that.payload)
        && qos == that.qos
        && retain == that.retain
        && delay.equals(that.delay)
        && properties.equals(that.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, Arrays.hashCode(payload), qos, retain, delay, properties);
  }

  @Override
  public String toString() {
    return "LastWill[topic="
        + topic
        + ", "
        + payload.length
        + " bytes, qos="
        + qos
        + (delay.isZero() ? "" : ", delay=" + delay.toSeconds() + "s")
        + (properties.isEmpty() ? "" : ", " + properties)
        + "]";
  }
}
