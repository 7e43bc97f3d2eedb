package io.github.simplemqtt.client;

import io.github.simplemqtt.client.internal.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The message the broker publishes on the client's behalf when the client disappears without
 * disconnecting (its "last will and testament").
 *
 * @param topic where to publish it; no wildcards
 * @param payload its bytes; the record keeps its own copy
 * @param qos 0, 1 or 2
 * @param retain whether the broker should retain it
 */
public record LastWill(String topic, byte[] payload, int qos, boolean retain) {

  /** Validates the topic and QoS and copies the payload. */
  public LastWill {
    Topics.checkTopicName(topic);
    Topics.checkQos(qos);
    payload = Objects.requireNonNull(payload, "payload").clone();
  }

  /** A last will with a UTF-8 text payload. */
  public static LastWill of(String topic, String payload, int qos, boolean retain) {
    return new LastWill(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
  }

  /** A copy of the payload bytes. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LastWill that
        && topic.equals(that.topic)
        && java.util.Arrays.equals(payload, that.payload)
        && qos == that.qos
        && retain == that.retain;
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, java.util.Arrays.hashCode(payload), qos, retain);
  }

  @Override
  public String toString() {
    return "LastWill[topic=" + topic + ", " + payload.length + " bytes, qos=" + qos + "]";
  }
}
