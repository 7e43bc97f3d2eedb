package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.tls.Certificates;
import io.github.simplemqtt.tls.Keys;
import io.github.simplemqtt.tls.Pem;
import io.github.simplemqtt.tls.PemException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Step 1: the PEM files parse, the key belongs to the certificate, the client certificate's chain
 * reaches a CA in the chain file, every certificate is valid now and not about to end, and the
 * client certificate may be used by a TLS client.
 */
final class LocalFileChecks {
  static final Duration EXPIRING_WITHIN = Duration.ofDays(30);
  private static final int MAX_CHAIN = 10;

  private LocalFileChecks() {}

  static List<Finding> run(Target target, Clock clock) {
    List<Finding> findings = new ArrayList<>();
    Path chainFile = target.chainFile();
    if (chainFile == null) {
      findings.add(Finding.passed(Step.FILES, "no certificate files to check (plain MQTT)"));
      return findings;
    }
    Instant now = clock.instant();
    List<X509Certificate> chain;
    try {
      chain = Pem.readCertificates(chainFile);
    } catch (PemException e) {
      findings.add(unreadable(chainFile, e));
      return findings;
    }
    findings.add(
        Finding.passed(
            Step.FILES,
            fileName(chainFile)
                + " holds "
                + chain.size()
                + (chain.size() == 1 ? " certificate" : " certificates")
                + " ("
                + CertificateWords.names(chain)
                + ")"));
    for (X509Certificate ca : chain) {
      Optional<Finding> problem = validity(ca, "in " + fileName(chainFile), null, now, target);
      if (problem.isPresent()) {
        findings.add(problem.get());
        if (problem.get().failed()) {
          return findings;
        }
      }
    }
    Path certFile = target.certFile();
    Path keyFile = target.keyFile();
    if (certFile == null || keyFile == null) {
      return findings; // no client certificate (Target has both files or neither)
    }
    List<X509Certificate> certificates;
    PrivateKey key;
    try {
      certificates = Pem.readCertificates(certFile);
    } catch (PemException e) {
      findings.add(unreadable(certFile, e));
      return findings;
    }
    try {
      key = privateKey(keyFile);
    } catch (PemException e) {
      findings.add(unreadable(keyFile, e));
      return findings;
    }

    X509Certificate leaf =
        certificates.stream()
            .filter(c -> Keys.belongTogether(key, c.getPublicKey()))
            .findFirst()
            .orElse(null);
    if (leaf == null) {
      X509Certificate named =
          certificates.stream()
              .filter(c -> !Certificates.isCa(c))
              .findFirst()
              .orElse(certificates.get(0));
      String why =
          key.getAlgorithm().equals(named.getPublicKey().getAlgorithm())
              ? "the certificate's public key is not the public half of this key"
              : "the key is "
                  + key.getAlgorithm()
                  + " but the certificate's key is "
                  + named.getPublicKey().getAlgorithm();
      String user = Optional.ofNullable(CertificateWords.commonName(named)).orElse("NAME");
      findings.add(
          Finding.failed(
              Step.FILES,
              fileName(keyFile) + " does not match " + fileName(certFile),
              keyFile
                  + " is not the private key of "
                  + certFile
                  + " ("
                  + CertificateWords.name(named)
                  + "): "
                  + why
                  + ".",
              "Use the key that was made together with this certificate (the client.key next to"
                  + " it), or issue a new pair with `simplemqtt cert client "
                  + user
                  + " --dir "
                  + target.dirForCommands()
                  + "`."));
      return findings;
    }
    String user = Optional.ofNullable(CertificateWords.commonName(leaf)).orElse("NAME");
    findings.add(
        Finding.passed(
            Step.FILES,
            fileName(keyFile)
                + " is the key of "
                + fileName(certFile)
                + " ("
                + CertificateWords.name(leaf)
                + ")"));

    // The chain: leaf, then issuers found in either file, until a CA of the chain file signed one.
    Set<X509Certificate> pool = new LinkedHashSet<>(certificates);
    pool.addAll(chain);
    List<X509Certificate> path = new ArrayList<>();
    path.add(leaf);
    X509Certificate anchor = null;
    X509Certificate current = leaf;
    while (path.size() < MAX_CHAIN) {
      X509Certificate child = current;
      Optional<X509Certificate> trusted =
          chain.stream()
              .filter(c -> c.equals(child) || Certificates.isIssuedBy(child, c))
              .findFirst();
      if (trusted.isPresent()) {
        anchor = trusted.get();
        break;
      }
      Optional<X509Certificate> issuer =
          pool.stream()
              .filter(c -> !path.contains(c) && Certificates.isIssuedBy(child, c))
              .findFirst();
      if (issuer.isEmpty()) {
        break;
      }
      path.add(issuer.get());
      current = issuer.get();
    }
    if (anchor == null) {
      findings.add(
          Finding.failed(
              Step.FILES,
              fileName(certFile) + " does not chain to " + fileName(chainFile),
              certFile
                  + " ("
                  + CertificateWords.name(current == leaf ? leaf : current)
                  + ") was issued by "
                  + CertificateWords.issuerName(current)
                  + ", which is in neither "
                  + fileName(certFile)
                  + " nor "
                  + chainFile
                  + " (it holds: "
                  + CertificateWords.names(chain)
                  + "), so the intermediate CA is missing and the chain does not reach a CA in the"
                  + " chain file.",
              "Use the chain.crt from the same broker directory as the certificate"
                  + " (clients/"
                  + user
                  + "/chain.crt holds the signing and the root CA), or append the certificate of "
                  + CertificateWords.issuerName(current)
                  + " to "
                  + fileName(certFile)
                  + "."));
      return findings;
    }
    StringBuilder via = new StringBuilder();
    for (X509Certificate ca : path.subList(1, path.size())) {
      via.append(via.length() == 0 ? " via " : ", ").append(CertificateWords.name(ca));
    }
    findings.add(
        Finding.passed(
            Step.FILES,
            fileName(certFile)
                + " ("
                + CertificateWords.name(leaf)
                + ") chains to "
                + CertificateWords.name(anchor)
                + " in "
                + fileName(chainFile)
                + via));

    List<X509Certificate> all = new ArrayList<>(path);
    if (!all.contains(anchor)) {
      all.add(anchor);
    }
    for (int i = 0; i < all.size(); i++) {
      X509Certificate certificate = all.get(i);
      String role = i == 0 ? fileName(certFile) : "which issued " + fileName(certFile);
      Optional<Finding> problem = validity(certificate, role, i == 0 ? user : null, now, target);
      if (problem.isPresent()) {
        findings.add(problem.get());
        if (problem.get().failed()) {
          return findings;
        }
      }
    }
    for (X509Certificate ca : all.subList(1, all.size())) {
      if (ca.getNotAfter().before(leaf.getNotAfter())) {
        findings.add(
            Finding.warning(
                Step.FILES,
                CertificateWords.name(ca) + " ends before " + CertificateWords.name(leaf),
                CertificateWords.name(ca)
                    + " expires on "
                    + CertificateWords.until(ca)
                    + ", before the certificate it issued ("
                    + CertificateWords.name(leaf)
                    + ", "
                    + CertificateWords.until(leaf)
                    + "), so the client certificate stops working on "
                    + CertificateWords.until(ca)
                    + ".",
                "Renew that CA before then and issue the client certificate again."));
        break;
      }
    }

    List<String> usages = Certificates.extendedKeyUsage(leaf).orElse(null);
    if (usages != null
        && !usages.contains(Certificates.CLIENT_AUTH)
        && !usages.contains(Certificates.ANY_EXTENDED_KEY_USAGE)) {
      findings.add(
          Finding.failed(
              Step.FILES,
              fileName(certFile) + " is not a client certificate",
              certFile
                  + " ("
                  + CertificateWords.name(leaf)
                  + ") may only be used for "
                  + Certificates.describeExtendedKeyUsages(usages)
                  + " (its extended key usage has no clientAuth), so the broker rejects it as a"
                  + " client certificate.",
              "Use a client certificate: `simplemqtt cert client "
                  + user
                  + " --dir "
                  + target.dirForCommands()
                  + "` issues one with clientAuth."));
      return findings;
    }
    if (!Certificates.allowsDigitalSignature(leaf)) {
      findings.add(
          Finding.failed(
              Step.FILES,
              fileName(certFile) + " may not sign",
              certFile
                  + " ("
                  + CertificateWords.name(leaf)
                  + ") has a key usage without digitalSignature, which a TLS client certificate"
                  + " needs.",
              "Issue a new client certificate with `simplemqtt cert client " + user + "`."));
      return findings;
    }
    findings.add(
        Finding.passed(
            Step.FILES,
            fileName(certFile)
                + " is valid until "
                + CertificateWords.until(leaf)
                + ", usage "
                + (usages == null
                    ? "any (no extended key usage)"
                    : Certificates.describeExtendedKeyUsages(usages))));
    return findings;
  }

  /**
   * The first private key in {@code keyFile}, which must not be encrypted: the command line does
   * not ask for passphrases.
   *
   * @throws PemException naming the file and saying what to do
   */
  static PrivateKey privateKey(Path keyFile) {
    try {
      return Pem.readPrivateKey(keyFile, null);
    } catch (PemException e) {
      if (e.problem() != PemException.Problem.ENCRYPTED) {
        throw e;
      }
      throw new PemException(
          PemException.Problem.ENCRYPTED,
          keyFile + " is encrypted, and the command line does not ask for passphrases",
          "write a decrypted copy with `openssl pkey -in "
              + keyFile
              + " -out client-plain.key` and keep it 0600.",
          keyFile,
          null);
    }
  }

  /** Expired or not yet valid fails; ending within 30 days warns. */
  static Optional<Finding> validity(
      X509Certificate certificate,
      String role,
      @Nullable String clientName,
      Instant now,
      Target target) {
    String name = CertificateWords.name(certificate) + " (" + role + ")";
    Instant notAfter = certificate.getNotAfter().toInstant();
    Instant notBefore = certificate.getNotBefore().toInstant();
    boolean isCa = Certificates.isCa(certificate);
    String renew =
        clientName != null
            ? "Issue a new one: `simplemqtt cert client "
                + clientName
                + " --dir "
                + target.dirForCommands()
                + "`."
            : isCa
                ? "The broker's admin has to renew this CA and issue new certificates from it."
                : "Issue a new certificate.";
    if (notAfter.isBefore(now)) {
      return Optional.of(
          Finding.failed(
              Step.FILES,
              CertificateWords.name(certificate) + " has expired",
              name
                  + " expired on "
                  + Certificates.day(notAfter)
                  + "; TLS refuses an expired certificate.",
              renew));
    }
    if (notBefore.isAfter(now)) {
      return Optional.of(
          Finding.failed(
              Step.FILES,
              CertificateWords.name(certificate) + " is not valid yet",
              name
                  + " is not valid until "
                  + Certificates.day(notBefore)
                  + ", and this machine's clock says "
                  + Certificates.day(now)
                  + ".",
              "Check the clock of this machine (and of the machine that issued the certificate)."));
    }
    if (notAfter.isBefore(now.plus(EXPIRING_WITHIN))) {
      return Optional.of(
          Finding.warning(
              Step.FILES,
              CertificateWords.name(certificate) + " expires soon",
              name + " expires on " + Certificates.day(notAfter) + ", within 30 days.",
              renew));
    }
    return Optional.empty();
  }

  private static Finding unreadable(Path file, PemException e) {
    return Finding.failed(Step.FILES, "cannot use " + file, e.what(), e.fix(), "Check the file.");
  }

  static String fileName(Path file) {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }
}
