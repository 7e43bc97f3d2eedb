package io.github.simplemqtt.tls;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a certificate's subjectAltName, as {@link Certificates#subjectAltNames} lists them.
 *
 * @param type what the entry names
 * @param value for {@link Type#DNS} the name; for {@link Type#IP} the address as the JDK prints it
 *     (IPv6 in full: {@code 0:0:0:0:0:0:0:1}); for {@link Type#OTHER} its RFC 5280 tag, a colon and
 *     its value ({@code 1: ops@example.org})
 */
public record SubjectAltName(Type type, String value) {

  /** What an entry names. */
  public enum Type {
    /** A host name (dNSName). */
    DNS,
    /** An IPv4 or IPv6 address (iPAddress). */
    IP,
    /** Anything else: an e-mail address, a URI, a directory name. */
    OTHER
  }

  /** Checks the components. */
  public SubjectAltName {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  /**
   * The value with an IPv6 address in RFC 5952's short form ({@code ::1}, {@code fd00::7}): the
   * longest run of two or more zero groups becomes "::". Every other value as it is.
   */
  public String shortValue() {
    return type == Type.IP ? shortIpv6(value) : value;
  }

  /**
   * {@code DNS:broker.lan}, {@code IP:::1}, {@code OTHER:1: ops@example.org}: as OpenSSL prints.
   */
  @Override
  public String toString() {
    return type + ":" + shortValue();
  }

  private static String shortIpv6(String address) {
    if (!address.contains(":") || address.contains("::")) {
      return address;
    }
    String[] groups = address.split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; ) {
      int j = i;
      while (j < groups.length && groups[j].matches("0+")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    if (bestStart < 0) {
      return address;
    }
    String head = String.join(":", List.of(groups).subList(0, bestStart));
    String tail = String.join(":", List.of(groups).subList(bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }
}
