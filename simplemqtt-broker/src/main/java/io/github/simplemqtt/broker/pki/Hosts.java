package io.github.simplemqtt.broker.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/** Turns host names and IP literals into subjectAltName entries, and back into text. */
final class Hosts {
  /** Names every server certificate holds, so the broker can always be reached on this machine. */
  static final List<String> ALWAYS = List.of("localhost", "127.0.0.1", "::1");

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

  private Hosts() {}

  /**
   * The subjectAltName entry for {@code host}: an IP entry for an IPv4 or IPv6 literal (brackets
   * allowed), a DNS entry for a host name. Nothing is looked up.
   *
   * @throws PkiException when {@code host} is neither
   */
  static GeneralName parse(String host) {
    if (host == null) {
      throw new PkiException("A host must not be null; give an IP address or a host name.");
    }
    String text = host.strip();
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
    }
    if (IPAddress.isValidIPv4(text) || IPAddress.isValidIPv6(text)) {
      try {
        // A literal is parsed without any name lookup.
        byte[] address = InetAddress.getByName(text).getAddress();
        return new GeneralName(GeneralName.iPAddress, new DEROctetString(address));
      } catch (UnknownHostException e) {
        throw refused(host);
      }
    }
    String name = text.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty() || name.length() > 253) {
      throw refused(host);
    }
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw refused(host);
      }
    }
    // "192.168.1" is a mistyped address, not a name: a top-level label is never all digits.
    if (NUMERIC.matcher(labels[labels.length - 1]).matches()) {
      throw refused(host);
    }
    return new GeneralName(GeneralName.dNSName, name);
  }

  /** The entries for a server: {@code hosts} in order, then {@link #ALWAYS}, without repeats. */
  static List<GeneralName> serverNames(List<String> hosts) {
    Set<GeneralName> names = new LinkedHashSet<>();
    for (String host : hosts) {
      names.add(parse(host));
    }
    for (String host : ALWAYS) {
      names.add(parse(host));
    }
    return new ArrayList<>(names);
  }

  /** {@code DNS:name} or {@code IP:address} (IPv6 in its short form), like OpenSSL prints. */
  static String describe(GeneralName name) {
    if (name.getTagNo() == GeneralName.dNSName) {
      return "DNS:" + ((ASN1String) name.getName()).getString();
    }
    if (name.getTagNo() == GeneralName.iPAddress) {
      return "IP:" + address(ASN1OctetString.getInstance(name.getName()).getOctets());
    }
    return "OTHER:" + name;
  }

  /** The value of a subjectAltName entry without its type prefix. */
  static String value(GeneralName name) {
    String described = describe(name);
    return described.substring(described.indexOf(':') + 1);
  }

  private static String address(byte[] bytes) {
    if (bytes.length == 4) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    if (bytes.length != 16) {
      return "?";
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    // RFC 5952: the longest run of two or more zero groups becomes "::".
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] == 0) {
        int start = i;
        while (i < 8 && groups[i] == 0) {
          i++;
        }
        if (i - start > bestLength) {
          bestStart = start;
          bestLength = i - start;
        }
      } else {
        i++;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  private static PkiException refused(String host) {
    return new PkiException(
        "'"
            + host
            + "' is neither an IP address nor a host name; give an address such as 192.168.1.10"
            + " or fe80::1, or a name such as broker.local.");
  }
}
