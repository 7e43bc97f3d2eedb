package io.github.simplemqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReasonCodeTest {

  @ParameterizedTest
  @EnumSource(ReasonCode.class)
  void everyReasonRoundTripsThroughItsCode(ReasonCode reason) {
    assertThat(ReasonCode.of(reason.code())).isSameAs(reason);
    assertThat(reason.description()).isNotBlank().isEqualTo(reason.description().strip());
  }

  @Test
  void codesAreTheMqtt5Ones() {
    assertThat(ReasonCode.NORMAL_DISCONNECTION.code()).isEqualTo(0x00);
    assertThat(ReasonCode.UNSPECIFIED_ERROR.code()).isEqualTo(0x80);
    assertThat(ReasonCode.NOT_AUTHORIZED.code()).isEqualTo(0x87);
    assertThat(ReasonCode.NOT_AUTHORIZED.description()).isEqualTo("not authorised");
    assertThat(ReasonCode.SESSION_TAKEN_OVER.code()).isEqualTo(0x8E);
    assertThat(ReasonCode.PACKET_TOO_LARGE.description()).isEqualTo("packet too large");
    assertThat(ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED.code()).isEqualTo(0xA2);
    assertThat(ReasonCode.UNKNOWN.code()).isEqualTo(-1);
    // One constant per code: no two share one.
    Set<Integer> codes = new HashSet<>();
    for (ReasonCode reason : ReasonCode.values()) {
      assertThat(codes.add(reason.code())).as("%s has its own code", reason).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      ints = {0x01, 0x02, 0x04, 0x10, 0x7F, 0xA3, 0xFF, 0x100, 0x187, -2, Integer.MIN_VALUE})
  void aCodeNotInTheTableIsUnknown(int code) {
    assertThat(ReasonCode.of(code)).isSameAs(ReasonCode.UNKNOWN);
  }

  /** Every error code HiveMQ's client can hand us from a broker's packet is in the table. */
  @Test
  void coversEveryErrorABrokerCanSend() {
    List<Integer> sent =
        Stream.of(
                Arrays.stream(Mqtt5ConnAckReasonCode.values())
                    .filter(Mqtt5ConnAckReasonCode::isError)
                    .map(Mqtt5ConnAckReasonCode::getCode),
                Arrays.stream(Mqtt5SubAckReasonCode.values())
                    .filter(Mqtt5SubAckReasonCode::isError)
                    .map(Mqtt5SubAckReasonCode::getCode),
                Arrays.stream(Mqtt5PubAckReasonCode.values())
                    .filter(Mqtt5PubAckReasonCode::isError)
                    .map(Mqtt5PubAckReasonCode::getCode),
                Arrays.stream(Mqtt5PubRecReasonCode.values())
                    .filter(Mqtt5PubRecReasonCode::isError)
                    .map(Mqtt5PubRecReasonCode::getCode),
                Arrays.stream(Mqtt5DisconnectReasonCode.values())
                    .filter(code -> code.canBeSentByServer())
                    .map(Mqtt5DisconnectReasonCode::getCode))
            .flatMap(codes -> codes)
            .toList();

    assertThat(sent).isNotEmpty();
    for (int code : sent) {
      assertThat(ReasonCode.of(code)).as("code 0x%x", code).isNotSameAs(ReasonCode.UNKNOWN);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "1, UNSUPPORTED_PROTOCOL_VERSION",
    "2, CLIENT_IDENTIFIER_NOT_VALID",
    "3, SERVER_UNAVAILABLE",
    "4, BAD_USER_NAME_OR_PASSWORD",
    "5, NOT_AUTHORIZED",
    "0, UNKNOWN",
    "6, UNKNOWN",
    "0x87, UNKNOWN"
  })
  void mqtt3ReturnCodesMapToTheirMqtt5Equivalents(String returnCode, ReasonCode reason) {
    assertThat(ReasonCode.ofMqtt3ConnAck(Integer.decode(returnCode))).isSameAs(reason);
  }

  @ParameterizedTest
  @CsvSource({
    "0x87, NOT_AUTHORIZED",
    "0x86, BAD_USER_NAME_OR_PASSWORD",
    "0x8E, SESSION_TAKEN_OVER",
    "0x80, UNSPECIFIED_ERROR",
    "0x00, NORMAL_DISCONNECTION",
    "5, NOT_AUTHORIZED",
    "4, BAD_USER_NAME_OR_PASSWORD",
    "1, UNSUPPORTED_PROTOCOL_VERSION",
    "0xFE, UNKNOWN",
    "6, UNKNOWN"
  })
  void aRefusalNamesItsReasonAndKeepsTheCodeAsSent(String code, ReasonCode reason) {
    int sent = Integer.decode(code);
    BrokerRefusedException refused = new BrokerRefusedException("no", sent);

    assertThat(refused.reason()).isSameAs(reason);
    assertThat(refused.reasonCode()).isEqualTo(sent);
    assertThat(refused).hasMessage("no");
  }

  @Test
  void aRefusalMadeFromAReasonCarriesItsCode() {
    BrokerRefusedException refused =
        new BrokerRefusedException("taken over", ReasonCode.SESSION_TAKEN_OVER);

    assertThat(refused.reason()).isSameAs(ReasonCode.SESSION_TAKEN_OVER);
    assertThat(refused.reasonCode()).isEqualTo(0x8E);
    assertThat(refused).hasMessage("taken over");
    assertThatThrownBy(() -> new BrokerRefusedException("?", ReasonCode.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ReasonCode.UNKNOWN has no code; pass the number the broker sent instead.");
    assertThatThrownBy(() -> new BrokerRefusedException("?", (ReasonCode) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
  }

  @Test
  void theCodeSurvivesSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new BrokerRefusedException("refused", 5));
    }
    BrokerRefusedException back;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (BrokerRefusedException) in.readObject();
    }

    assertThat(back.reasonCode()).isEqualTo(5);
    assertThat(back.reason()).isSameAs(ReasonCode.NOT_AUTHORIZED);
  }
}
