package io.github.simplemqtt.client;

/** The MQTT protocol version the client speaks. */
public enum MqttVersion {
  /** MQTT 3.1.1, for old brokers. */
  V3_1_1,
  /** MQTT 5, the default: reason strings, session expiry, subscription identifiers. */
  V5
}
