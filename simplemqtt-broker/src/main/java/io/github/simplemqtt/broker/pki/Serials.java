package io.github.simplemqtt.broker.pki;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;

/** Serial numbers as the kit prints them and as people type them back. */
final class Serials {
  private Serials() {}

  /** Upper-case hex with an even number of digits, as OpenSSL prints serial numbers. */
  static String serialHex(BigInteger serial) {
    String hex = serial.toString(16).toUpperCase(Locale.ROOT);
    return hex.length() % 2 == 0 ? hex : "0" + hex;
  }

  /**
   * Parses a serial as printed by OpenSSL or by the kit: hex digits, upper or lower case, with or
   * without colons or a {@code 0x} prefix.
   */
  static BigInteger parseSerial(String text) {
    String hex = text == null ? "" : text.strip().replace(":", "");
    if (hex.startsWith("0x") || hex.startsWith("0X")) {
      hex = hex.substring(2);
    }
    if (hex.isEmpty() || hex.length() > 64 || !hex.chars().allMatch(HexFormat::isHexDigit)) {
      throw new PkiException(
          "'" + text + "' is not a serial number; give the hex digits that the list shows.");
    }
    return new BigInteger(hex, 16);
  }
}
