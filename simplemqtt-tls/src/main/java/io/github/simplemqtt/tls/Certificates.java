package io.github.simplemqtt.tls;

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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a certificate says, for messages and checks: its names, subjectAltName entries, key usages,
 * validity, and who issued it. Stateless and thread-safe.
 *
 * <p>Names come in three forms, because people meet them in three places: {@link #commonName} is
 * the CN's text as it is (a user name), {@link #name} is how a message names a certificate ({@code
 * CN=alice}, or the whole subject as the JDK prints it), and {@link #subject} is the whole subject
 * in the order the certificate holds it, as OpenSSL and the kit print it.
 */
public final class Certificates {
  /** The extended key usage of a TLS server certificate (serverAuth). */
  public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  /** The extended key usage of a TLS client certificate (clientAuth). */
  public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  /** The extended key usage that allows every purpose (anyExtendedKeyUsage). */
  public static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;
  private static final int DIGITAL_SIGNATURE = 0;

  private Certificates() {}

  // ---- names ----

  /**
   * The text of the subject's first CN as it is: a string unescaped ({@code a,b}), a value that is
   * not a string as ASN.1 prints it ({@code 7}); empty when the subject has no CN.
   */
  public static Optional<String> commonName(X509Certificate certificate) {
    return Names.commonNameText(certificate.getSubjectX500Principal());
  }

  /**
   * The subject's first CN in RFC 4514 form, as {@link #name} prints it: special characters escaped
   * ({@code a\,b}), a value that is not a string as {@code #020107}; empty without a CN.
   */
  public static Optional<String> escapedCommonName(X509Certificate certificate) {
    return Names.commonNameRfc4514(certificate.getSubjectX500Principal());
  }

  /** The text of the issuer's first CN, as {@link #commonName} gives the subject's. */
  public static Optional<String> issuerCommonName(X509Certificate certificate) {
    return Names.commonNameText(certificate.getIssuerX500Principal());
  }

  /**
   * How a message names the certificate: {@code CN=alice} when the subject has a CN (its value in
   * RFC 4514 form: special characters escaped, a value that is not a string as {@code #020107}),
   * else the whole subject in RFC 2253 form, last RDN first ({@code OU=Lab,O=Acme}), as {@link
   * javax.security.auth.x500.X500Principal#getName()} prints it.
   */
  public static String name(X509Certificate certificate) {
    return Names.commonNameRfc4514(certificate.getSubjectX500Principal())
        .map(cn -> "CN=" + cn)
        .orElseGet(() -> certificate.getSubjectX500Principal().getName());
  }

  /** The issuer, in the same form as {@link #name} gives the subject ({@code CN=Signing CA}). */
  public static String issuerName(X509Certificate certificate) {
    return Names.commonNameRfc4514(certificate.getIssuerX500Principal())
        .map(cn -> "CN=" + cn)
        .orElseGet(() -> certificate.getIssuerX500Principal().getName());
  }

  /** The {@link #name}s of several certificates, comma separated: {@code CN=a, CN=b}. */
  public static String names(Collection<? extends X509Certificate> certificates) {
    return certificates.stream().map(Certificates::name).collect(Collectors.joining(", "));
  }

  /**
   * The whole subject in the order the certificate holds it, first RDN first, with short attribute
   * names ({@code O=Tests,OU=Lab}).
   */
  public static String subject(X509Certificate certificate) {
    return Names.inOrder(certificate.getSubjectX500Principal());
  }

  /** The whole issuer, in the same form as {@link #subject}. */
  public static String issuer(X509Certificate certificate) {
    return Names.inOrder(certificate.getIssuerX500Principal());
  }

  // ---- subjectAltName ----

  /**
   * The subjectAltName entries, in certificate order; empty when there are none or the extension
   * cannot be parsed (a certificate whose names cannot be read covers nothing).
   */
  public static List<SubjectAltName> subjectAltNames(X509Certificate certificate) {
    List<SubjectAltName> names = new ArrayList<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries != null) {
        for (List<?> entry : entries) {
          int tag = (Integer) entry.get(0);
          Object value = entry.get(1);
          if (tag == SAN_DNS) {
            names.add(new SubjectAltName(SubjectAltName.Type.DNS, (String) value));
          } else if (tag == SAN_IP) {
            names.add(new SubjectAltName(SubjectAltName.Type.IP, (String) value));
          } else {
            String text =
                value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value.toString();
            names.add(new SubjectAltName(SubjectAltName.Type.OTHER, tag + ": " + text));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // A subjectAltName that does not parse covers nothing.
    }
    return names;
  }

  /**
   * Whether the subjectAltName covers {@code host} the way a TLS client checks it: an IP literal
   * (brackets allowed) must equal an IP entry, a name must match a DNS entry, case-insensitively,
   * with a leading {@code *.} matching one label. Nothing is looked up.
   */
  public static boolean covers(X509Certificate certificate, String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean literal = isIpLiteral(bare);
    for (SubjectAltName entry : subjectAltNames(certificate)) {
      if (literal && entry.type() == SubjectAltName.Type.IP) {
        if (sameAddress(entry.value(), bare)) {
          return true;
        }
      } else if (!literal && entry.type() == SubjectAltName.Type.DNS) {
        if (nameMatches(entry.value(), bare)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isIpLiteral(String host) {
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

  // ---- key usage ----

  /**
   * The extended key usages as OIDs; empty when the certificate has no such extension (any usage is
   * allowed), an empty list when the extension cannot be parsed (no usage is granted).
   */
  public static Optional<List<String>> extendedKeyUsage(X509Certificate certificate) {
    try {
      return Optional.ofNullable(certificate.getExtendedKeyUsage());
    } catch (CertificateParsingException e) {
      return Optional.of(List.of());
    }
  }

  /**
   * True when the certificate's extended key usage names {@code oid} (such as {@link
   * #SERVER_AUTH}); false without the extension and when it cannot be parsed.
   */
  public static boolean hasExtendedKeyUsage(X509Certificate certificate, String oid) {
    return extendedKeyUsage(certificate).map(usages -> usages.contains(oid)).orElse(false);
  }

  /** {@code serverAuth, clientAuth}: the names of the usages we know, the OIDs of the others. */
  public static String describeExtendedKeyUsages(List<String> oids) {
    return oids.stream()
        .map(
            oid ->
                switch (oid) {
                  case SERVER_AUTH -> "serverAuth";
                  case CLIENT_AUTH -> "clientAuth";
                  case ANY_EXTENDED_KEY_USAGE -> "anyExtendedKeyUsage";
                  case "1.3.6.1.5.5.7.3.3" -> "codeSigning";
                  case "1.3.6.1.5.5.7.3.4" -> "emailProtection";
                  default -> oid;
                })
        .collect(Collectors.joining(", "));
  }

  /** Whether a key usage extension, when present, allows signing (which TLS needs). */
  public static boolean allowsDigitalSignature(X509Certificate certificate) {
    boolean[] usage = certificate.getKeyUsage();
    return usage == null || (usage.length > DIGITAL_SIGNATURE && usage[DIGITAL_SIGNATURE]);
  }

  // ---- issuers and validity ----

  /** True for a certificate authority (basic constraints CA:TRUE). */
  public static boolean isCa(X509Certificate certificate) {
    return certificate.getBasicConstraints() >= 0;
  }

  /** True when the certificate's own key signed it and its issuer is its subject. */
  public static boolean isSelfSigned(X509Certificate certificate) {
    return isIssuedBy(certificate, certificate);
  }

  /** True when {@code parent}'s subject is {@code child}'s issuer and its key signed it. */
  public static boolean isIssuedBy(X509Certificate child, X509Certificate parent) {
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

  /** A day in UTC, as messages print validity: {@code 2026-01-02}. */
  public static String day(Instant instant) {
    return DAY.format(instant);
  }
}
