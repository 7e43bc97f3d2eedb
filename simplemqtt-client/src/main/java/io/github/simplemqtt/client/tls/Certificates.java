package io.github.simplemqtt.client.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Small facts about certificates, worded for error messages. */
final class Certificates {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private Certificates() {}

  /** "CN=alice" when the subject has a common name, else the whole subject DN. */
  static String name(X509Certificate certificate) {
    return commonName(certificate)
        .map(cn -> "CN=" + cn)
        .orElseGet(() -> certificate.getSubjectX500Principal().getName());
  }

  /** "CN=Signing CA" for the issuer, in the same form as {@link #name}. */
  static String issuerName(X509Certificate certificate) {
    X500Name issuer = X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
    return firstCn(issuer)
        .map(cn -> "CN=" + cn)
        .orElseGet(() -> certificate.getIssuerX500Principal().getName());
  }

  static Optional<String> commonName(X509Certificate certificate) {
    return firstCn(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
  }

  private static Optional<String> firstCn(X500Name name) {
    RDN[] rdns = name.getRDNs(BCStyle.CN);
    if (rdns.length == 0 || rdns[0].getFirst() == null) {
      return Optional.empty();
    }
    return Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
  }

  /** Names of several certificates, comma separated: "CN=a, CN=b". */
  static String names(Collection<X509Certificate> certificates) {
    return certificates.stream().map(Certificates::name).collect(Collectors.joining(", "));
  }

  /** The DNS names and IP addresses in subjectAltName, as "IP 127.0.0.1", "DNS localhost". */
  static List<String> subjectAltNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries != null) {
        for (List<?> entry : entries) {
          int type = ((Integer) entry.get(0));
          if (type == SAN_IP) {
            names.add("IP " + entry.get(1));
          } else if (type == SAN_DNS) {
            names.add("DNS " + entry.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // A certificate whose SAN cannot be parsed covers nothing we can name.
    }
    return names;
  }

  /** A day in UTC, e.g. 2026-01-02. */
  static String day(Instant instant) {
    return DAY.format(instant);
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
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
