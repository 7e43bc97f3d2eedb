package io.github.simplemqtt.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.MqttVersion;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Doctor's reading of a refused CONNACK, which needs no broker. */
class MqttChecksTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "V5     | 0x87 | CONNACK: not authorised (wrong password or unknown user)",
        "V3_1_1 | 5    | CONNACK: not authorised (wrong password or unknown user)",
        "V5     | 0x86 | CONNACK: bad user name or password",
        "V3_1_1 | 4    | CONNACK: bad user name or password",
        "V5     | 0x85 | CONNACK: client identifier rejected",
        "V3_1_1 | 2    | CONNACK: client identifier rejected",
        "V5     | 0x84 | CONNACK: unsupported protocol version",
        "V3_1_1 | 1    | CONNACK: unsupported protocol version",
        "V5     | 0x8A | CONNACK: banned",
        "V5     | 0x88 | CONNACK: refused (code 0x88)",
        "V3_1_1 | 3    | CONNACK: refused (code 0x3)",
        "V5     | 0xFE | CONNACK: refused (code 0xfe)"
      })
  void namesTheRefusalForEitherVersion(MqttVersion version, String code, String summary) {
    Finding finding =
        MqttChecks.refused(
            target(version), null, new BrokerRefusedException("refused", Integer.decode(code)));

    assertThat(finding.failed()).isTrue();
    assertThat(finding.summary()).isEqualTo(summary);
  }

  @ParameterizedTest
  @CsvSource({
    "V5, 0x84, 'The broker does not speak MQTT 5.', 'Use -V 311.'",
    "V3_1_1, 1, 'The broker does not speak MQTT 3.1.1.', 'Use a newer broker.'"
  })
  void anUnsupportedVersionSaysWhichOne(
      MqttVersion version, String code, String cause, String fix) {
    Finding finding =
        MqttChecks.refused(
            target(version), null, new BrokerRefusedException("refused", Integer.decode(code)));

    assertThat(finding.cause()).isEqualTo(cause);
    assertThat(finding.fix()).isEqualTo(fix);
  }

  private static Target target(MqttVersion version) {
    return new Target(
        "127.0.0.1",
        1883,
        null,
        null,
        null,
        "alice",
        "secret".toCharArray(),
        version,
        null,
        "doctor/test",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1));
  }
}
