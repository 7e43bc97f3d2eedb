package io.github.simplemqtt.cli.doctor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Facts about certificates, worded for the checklist. */
final class Certs {
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  static final String ANY_USAGE = "2.5.29.37.0";
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;
  private static final int DIGITAL_SIGNATURE = 0;
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private Certs() {}

  /** "CN=bob", or the whole subject when it has no CN. */
  static String name(X509Certificate certificate) {
    return cn(certificate.getSubjectX500Principal().getEncoded(), certificate);
  }

  static String issuerName(X509Certificate certificate) {
    return cn(certificate.getIssuerX500Principal().getEncoded(), certificate);
  }

  private static String cn(byte[] encoded, X509Certificate certificate) {
    X500Name name = X500Name.getInstance(encoded);
    RDN[] rdns = name.getRDNs(BCStyle.CN);
    if (rdns.length == 0 || rdns[0].getFirst() == null) {
      return name.toString();
    }
    return "CN=" + IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

  /** The bare CN ("bob"), or null. */
  static String commonName(X509Certificate certificate) {
    String name = name(certificate);
    return name.startsWith("CN=") ? name.substring(3) : null;
  }

  static String names(Collection<X509Certificate> certificates) {
    return certificates.stream().map(Certs::name).collect(Collectors.joining(", "));
  }

  static String day(Instant instant) {
    return DAY.format(instant);
  }

  static String until(X509Certificate certificate) {
    return day(certificate.getNotAfter().toInstant());
  }

  static boolean isCa(X509Certificate certificate) {
    return certificate.getBasicConstraints() >= 0;
  }

  static boolean isSelfSigned(X509Certificate certificate) {
    return isIssuedBy(certificate, certificate);
  }

  /** True when {@code parent}'s subject is {@code child}'s issuer and its key signed it. */
  static boolean isIssuedBy(X509Certificate child, X509Certificate parent) {
    if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
      return false;
    }
    try {
      child.verify(parent.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The extended key usages as OIDs; null when the certificate has no such extension. */
  static List<String> extendedKeyUsage(X509Certificate certificate) {
    try {
      return certificate.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  /** "serverAuth, clientAuth" for the usages we know the names of. */
  static String describeUsages(List<String> oids) {
    return oids.stream()
        .map(
            oid ->
                switch (oid) {
                  case SERVER_AUTH -> "serverAuth";
                  case CLIENT_AUTH -> "clientAuth";
                  case ANY_USAGE -> "anyExtendedKeyUsage";
                  case "1.3.6.1.5.5.7.3.3" -> "codeSigning";
                  case "1.3.6.1.5.5.7.3.4" -> "emailProtection";
                  default -> oid;
                })
        .collect(Collectors.joining(", "));
  }

  /** Whether a key usage extension, when present, allows signing (which TLS needs). */
  static boolean allowsDigitalSignature(X509Certificate certificate) {
    boolean[] usage = certificate.getKeyUsage();
    return usage == null || (usage.length > DIGITAL_SIGNATURE && usage[DIGITAL_SIGNATURE]);
  }

  /** The DNS names and IP addresses in subjectAltName, as "DNS localhost", "IP 127.0.0.1". */
  static List<String> subjectAltNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries != null) {
        for (List<?> entry : entries) {
          int type = (Integer) entry.get(0);
          if (type == SAN_IP) {
            names.add("IP " + compact((String) entry.get(1)));
          } else if (type == SAN_DNS) {
            names.add("DNS " + entry.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // A subjectAltName that does not parse covers nothing.
    }
    return names;
  }

  /** "::1" for the JDK's "0:0:0:0:0:0:0:1": the longest run of zero groups becomes "::". */
  static String compact(String address) {
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

  /**
   * Whether the certificate's subjectAltName covers {@code host} the way a TLS client checks it: an
   * IP literal must be an IP entry, a name must match a DNS entry (with a leading "*." wildcard
   * matching one label).
   */
  static boolean covers(X509Certificate certificate, String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean literal = isIpLiteral(bare);
    for (String entry : subjectAltNames(certificate)) {
      if (literal && entry.startsWith("IP ")) {
        if (sameAddress(entry.substring(3), bare)) {
          return true;
        }
      } else if (!literal && entry.startsWith("DNS ")) {
        if (nameMatches(entry.substring(4), bare)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") && host.chars().filter(c -> c == '.').count() == 3
        || host.contains(":");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      // Both are literals, so no lookup happens.
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean nameMatches(String pattern, String host) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    if (p.endsWith(".")) {
      p = p.substring(0, p.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (p.startsWith("*.")) {
      int dot = h.indexOf('.');
      return dot > 0 && h.substring(dot + 1).equals(p.substring(2));
    }
    return p.equals(h);
  }
}
