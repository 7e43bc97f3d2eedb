package io.github.simplemqtt.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message received on a subscription.
 *
 * @param topic the concrete topic it was published to (never a wildcard)
 * @param payload the payload bytes; the record keeps its own copy
 * @param qos the quality of service it was delivered with: 0, 1 or 2
 * @param retained whether the broker delivered it from its retained store
 */
public record Message(String topic, byte[] payload, int qos, boolean retained) {

  /** Validates the fields and copies the payload. */
  public Message {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("QoS must be 0, 1 or 2, not " + qos + ".");
    }
    payload = payload.clone();
  }

  /** A copy of the payload bytes. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload decoded as UTF-8 (malformed bytes become U+FFFD). */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Message that
        && topic.equals(that.topic)
        && Arrays.equals(payload, that.payload)
        && qos == that.qos
        && retained == that.retained;
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, Arrays.hashCode(payload), qos, retained);
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
        + "]";
  }
}
