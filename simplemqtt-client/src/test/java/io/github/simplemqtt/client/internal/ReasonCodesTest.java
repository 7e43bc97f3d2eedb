package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReasonCodesTest {
  @ParameterizedTest
  @CsvSource({
    "0x84, 'unsupported protocol version: the broker does not speak MQTT 5; choose"
        + " mqttVersion(MqttVersion.V3_1_1)'",
    "0x85, 'client identifier not valid: choose another clientId'",
    "0x86, 'bad user name or password'",
    "0x87, 'not authorised: the user name or password is wrong, or this user may not connect"
        + " (Mosquitto answers a wrong password this way)'",
    "0x8A, 'banned'",
    "0x88, 'server unavailable'",
    "0x90, 'topic name invalid (in the last will)'",
    "0x9F, 'connection rate exceeded: wait before connecting again'",
    "0xFE, 'reason code 0xfe'"
  })
  void mqtt5ConnectRefusalsInWords(String code, String words) {
    assertThat(ReasonCodes.connect5(Integer.decode(code))).isEqualTo(words);
  }

  @ParameterizedTest
  @CsvSource({
    "1, 'unacceptable protocol version: the broker does not speak MQTT 3.1.1'",
    "2, 'identifier rejected: choose another clientId'",
    "3, 'server unavailable'",
    "4, 'bad user name or password'",
    "5, 'not authorised: the user name or password is wrong, or this user may not connect"
        + " (Mosquitto answers a wrong password this way)'",
    "6, 'return code 6'",
    "0, 'return code 0'"
  })
  void mqtt3ConnectRefusalsInWords(int code, String words) {
    assertThat(ReasonCodes.connect3(code)).isEqualTo(words);
  }

  @ParameterizedTest
  @CsvSource({
    "0x87, 'not authorised: the broker''s ACL does not allow this user this topic'",
    "0x8E, 'session taken over: another client connected with the same client id'",
    "0x95, 'packet too large: the broker''s maximum packet size is smaller'",
    "0x97, 'quota exceeded'",
    "0xA2, 'wildcard subscriptions not supported'",
    "0x8B, 'the broker is shutting down'",
    "0x81, 'malformed packet'",
    "0x00, 'normal disconnection'",
    "0xFE, 'reason code 0xfe'"
  })
  void otherMqtt5ErrorsInWords(String code, String words) {
    assertThat(ReasonCodes.other5(Integer.decode(code))).isEqualTo(words);
  }
}
