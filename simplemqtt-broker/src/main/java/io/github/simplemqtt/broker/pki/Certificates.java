package io.github.simplemqtt.broker.pki;

import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/** Reading the fields the kit cares about out of a certificate. */
final class Certificates {
  private Certificates() {}

  /** The subject's CN, or the whole subject when it has none. */
  static String commonName(X509Certificate certificate) {
    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    RDN[] names = subject.getRDNs(BCStyle.CN);
    if (names.length == 0) {
      return subject.toString();
    }
    var value = names[0].getFirst().getValue();
    return value instanceof ASN1String text ? text.getString() : value.toString();
  }

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

  static boolean hasExtendedKeyUsage(X509Certificate certificate, KeyPurposeId purpose) {
    try {
      List<String> usages = certificate.getExtendedKeyUsage();
      return usages != null && usages.contains(purpose.getId());
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  static List<String> subjectAltNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    byte[] extension = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
    if (extension != null) {
      GeneralNames all =
          GeneralNames.getInstance(ASN1OctetString.getInstance(extension).getOctets());
      Arrays.stream(all.getNames()).map(Hosts::describe).forEach(names::add);
    }
    return names;
  }
}
