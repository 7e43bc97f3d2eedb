package io.github.simplemqtt.client.internal;

/** MQTT reason and return codes in words, with what to do where there is something to do. */
final class ReasonCodes {
  private ReasonCodes() {}

  /** Why an MQTT 5 CONNACK refused the connection. */
  static String connect5(int code) {
    return switch (code) {
      case 0x80 -> "unspecified error";
      case 0x81 -> "malformed packet";
      case 0x82 -> "protocol error";
      case 0x83 -> "implementation-specific error";
      case 0x84 ->
          "unsupported protocol version: the broker does not speak MQTT 5; choose"
              + " mqttVersion(MqttVersion.V3_1_1)";
      case 0x85 -> "client identifier not valid: choose another clientId";
      case 0x86 -> "bad user name or password";
      case 0x87 ->
          "not authorised: the user name or password is wrong, or this user may not connect"
              + " (Mosquitto answers a wrong password this way)";
      case 0x88 -> "server unavailable";
      case 0x89 -> "server busy: try again later";
      case 0x8A -> "banned";
      case 0x8C -> "bad authentication method";
      case 0x90 -> "topic name invalid (in the last will)";
      case 0x95 -> "packet too large";
      case 0x97 -> "quota exceeded";
      case 0x99 -> "payload format invalid";
      case 0x9A -> "retain not supported (in the last will)";
      case 0x9B -> "QoS not supported (in the last will)";
      case 0x9C -> "use another server";
      case 0x9D -> "server moved";
      case 0x9F -> "connection rate exceeded: wait before connecting again";
      default -> "reason code 0x" + Integer.toHexString(code);
    };
  }

  /** Why an MQTT 3.1.1 CONNACK refused the connection. */
  static String connect3(int code) {
    return switch (code) {
      case 1 -> "unacceptable protocol version: the broker does not speak MQTT 3.1.1";
      case 2 -> "identifier rejected: choose another clientId";
      case 3 -> "server unavailable";
      case 4 -> "bad user name or password";
      case 5 ->
          "not authorised: the user name or password is wrong, or this user may not connect"
              + " (Mosquitto answers a wrong password this way)";
      default -> "return code " + code;
    };
  }

  /** Why a SUBACK, PUBACK, PUBREC or DISCONNECT carried an error (MQTT 5 codes). */
  static String other5(int code) {
    return switch (code) {
      case 0x80 -> "unspecified error";
      case 0x83 -> "implementation-specific error";
      case 0x87 -> "not authorised: the broker's ACL does not allow this user this topic";
      case 0x8B -> "the broker is shutting down";
      case 0x8D -> "keep-alive timeout";
      case 0x8E -> "session taken over: another client connected with the same client id";
      case 0x8F -> "topic filter invalid";
      case 0x90 -> "topic name invalid";
      case 0x91 -> "packet identifier in use";
      case 0x93 -> "receive maximum exceeded";
      case 0x95 -> "packet too large: the broker's maximum packet size is smaller";
      case 0x97 -> "quota exceeded";
      case 0x98 -> "administrative action";
      case 0x99 -> "payload format invalid";
      case 0x9A -> "retain not supported";
      case 0x9B -> "QoS not supported";
      case 0x9E -> "shared subscriptions not supported";
      case 0xA1 -> "subscription identifiers not supported";
      case 0xA2 -> "wildcard subscriptions not supported";
      default -> "reason code 0x" + Integer.toHexString(code);
    };
  }
}
