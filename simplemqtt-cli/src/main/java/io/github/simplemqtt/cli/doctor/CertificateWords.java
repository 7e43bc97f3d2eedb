package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.tls.Certificates;
import io.github.simplemqtt.tls.SubjectAltName;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How the checklist names certificates, from what simplemqtt-tls reads out of them: {@code CN=bob},
 * or, without a CN, the whole subject in the order the certificate holds it (as the kit lists it).
 */
final class CertificateWords {
  private CertificateWords() {}

  /** "CN=bob", or the whole subject when it has no CN. */
  static String name(X509Certificate certificate) {
    return Certificates.commonName(certificate).isPresent()
        ? Certificates.name(certificate)
        : Certificates.subject(certificate);
  }

  /** The issuer, as {@link #name} names the subject. */
  static String issuerName(X509Certificate certificate) {
    return Certificates.issuerCommonName(certificate).isPresent()
        ? Certificates.issuerName(certificate)
        : Certificates.issuer(certificate);
  }

  /** The bare CN ("bob"), as {@link #name} prints it; null without a CN. */
  static @Nullable String commonName(X509Certificate certificate) {
    return Certificates.escapedCommonName(certificate).orElse(null);
  }

  static String names(Collection<X509Certificate> certificates) {
    return certificates.stream().map(CertificateWords::name).collect(Collectors.joining(", "));
  }

  /** The last day of validity. */
  static String until(X509Certificate certificate) {
    return Certificates.day(certificate.getNotAfter().toInstant());
  }

  /** The DNS names and IP addresses in subjectAltName, as "DNS localhost", "IP ::1". */
  static List<String> subjectAltNames(X509Certificate certificate) {
    return Certificates.subjectAltNames(certificate).stream()
        .filter(name -> name.type() != SubjectAltName.Type.OTHER)
        .map(name -> name.type() + " " + name.shortValue())
        .toList();
  }
}
