package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.ReasonCode;

/**
 * MQTT reason and return codes in words for our messages: {@link ReasonCode#description()}, with
 * what to do where there is something to do and where the packet changes what a code means.
 */
final class ReasonCodes {
  private ReasonCodes() {}

  /** Why an MQTT 5 CONNACK refused the connection. */
  static String connect5(int code) {
    return switch (code) {
      case 0x84 ->
          "unsupported protocol version: the broker does not speak MQTT 5; choose"
              + " mqttVersion(MqttVersion.V3_1_1)";
      case 0x85 -> "client identifier not valid: choose another clientId";
      case 0x87 ->
          "not authorised: the user name or password is wrong, or this user may not connect"
              + " (Mosquitto answers a wrong password this way)";
      case 0x89 -> "server busy: try again later";
      case 0x90 -> "topic name invalid (in the last will)";
      case 0x9A -> "retain not supported (in the last will)";
      case 0x9B -> "QoS not supported (in the last will)";
      case 0x9F -> "connection rate exceeded: wait before connecting again";
      default -> words(code);
    };
  }

  /** Why an MQTT 3.1.1 CONNACK refused the connection. */
  static String connect3(int code) {
    return switch (code) {
      case 1 -> "unacceptable protocol version: the broker does not speak MQTT 3.1.1";
      case 2 -> "identifier rejected: choose another clientId";
      default -> {
        ReasonCode reason = ReasonCode.ofMqtt3ConnAck(code);
        yield reason == ReasonCode.UNKNOWN ? "return code " + code : connect5(reason.code());
      }
    };
  }

  /** Why a SUBACK, PUBACK, PUBREC or DISCONNECT carried an error (MQTT 5 codes). */
  static String other5(int code) {
    return switch (code) {
      case 0x87 -> "not authorised: the broker's ACL does not allow this user this topic";
      case 0x8B -> "the broker is shutting down";
      case 0x8E -> "session taken over: another client connected with the same client id";
      case 0x95 -> "packet too large: the broker's maximum packet size is smaller";
      default -> words(code);
    };
  }

  /** The code's description, or its number when {@link ReasonCode} does not know it. */
  private static String words(int code) {
    ReasonCode reason = ReasonCode.of(code);
    return reason == ReasonCode.UNKNOWN
        ? "reason code 0x" + Integer.toHexString(code)
        : reason.description();
  }
}
