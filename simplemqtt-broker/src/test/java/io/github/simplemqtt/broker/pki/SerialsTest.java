package io.github.simplemqtt.broker.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SerialsTest {
  @ParameterizedTest
  @CsvSource({
    "0A, 10",
    "0a, 10",
    "0x0A, 10",
    "0X0a, 10",
    "'  01:00  ', 256",
    "7f:ff:ff, 8388607",
  })
  void parsesSerialsAsTheListAndOpensslPrintThem(String text, long expected) {
    assertThat(Serials.parseSerial(text)).isEqualTo(BigInteger.valueOf(expected));
  }

  @Test
  void aSerialMayHaveUpToSixtyFourHexDigits() {
    String longest = "F".repeat(64);

    assertThat(Serials.parseSerial(longest)).isEqualTo(new BigInteger(longest, 16));
    assertThat(Serials.parseSerial("0x" + longest)).isEqualTo(new BigInteger(longest, 16));
    assertThatThrownBy(() -> Serials.parseSerial("F" + longest))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "'F" + longest + "' is not a serial number; give the hex digits that the list shows.");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "0x", ":", "12G4", "-0A", "bob"})
  void refusesWhatIsNotASerial(String text) {
    assertThatThrownBy(() -> Serials.parseSerial(text))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "'" + text + "' is not a serial number; give the hex digits that the list shows.");
  }

  @Test
  void serialsArePrintedInUpperCaseWithAnEvenNumberOfDigits() {
    assertThat(Serials.serialHex(BigInteger.valueOf(10))).isEqualTo("0A");
    assertThat(Serials.serialHex(BigInteger.valueOf(255))).isEqualTo("FF");
    assertThat(Serials.serialHex(BigInteger.valueOf(256))).isEqualTo("0100");
  }
}
