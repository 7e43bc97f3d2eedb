package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.client.TlsException;
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
    if (!target.tls()) {
      findings.add(Finding.passed(Step.FILES, "no certificate files to check (plain MQTT)"));
      return findings;
    }
    Instant now = clock.instant();
    Path chainFile = target.chainFile();
    List<X509Certificate> chain;
    try {
      chain = Pem.certificates(chainFile);
    } catch (TlsException e) {
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
                + Certs.names(chain)
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
    if (!target.clientCertificate()) {
      return findings;
    }
    Path certFile = target.certFile();
    Path keyFile = target.keyFile();
    List<X509Certificate> certificates;
    PrivateKey key;
    try {
      certificates = Pem.certificates(certFile);
    } catch (TlsException e) {
      findings.add(unreadable(certFile, e));
      return findings;
    }
    try {
      key = Pem.privateKey(keyFile, certFile);
    } catch (TlsException e) {
      findings.add(unreadable(keyFile, e));
      return findings;
    }

    X509Certificate leaf =
        certificates.stream()
            .filter(c -> Pem.belongsTo(key, c.getPublicKey()))
            .findFirst()
            .orElse(null);
    if (leaf == null) {
      X509Certificate named =
          certificates.stream().filter(c -> !Certs.isCa(c)).findFirst().orElse(certificates.get(0));
      String why =
          key.getAlgorithm().equals(named.getPublicKey().getAlgorithm())
              ? "the certificate's public key is not the public half of this key"
              : "the key is "
                  + key.getAlgorithm()
                  + " but the certificate's key is "
                  + named.getPublicKey().getAlgorithm();
      String user = Optional.ofNullable(Certs.commonName(named)).orElse("NAME");
      findings.add(
          Finding.failed(
              Step.FILES,
              fileName(keyFile) + " does not match " + fileName(certFile),
              keyFile
                  + " is not the private key of "
                  + certFile
                  + " ("
                  + Certs.name(named)
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
    String user = Optional.ofNullable(Certs.commonName(leaf)).orElse("NAME");
    findings.add(
        Finding.passed(
            Step.FILES,
            fileName(keyFile)
                + " is the key of "
                + fileName(certFile)
                + " ("
                + Certs.name(leaf)
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
          chain.stream().filter(c -> c.equals(child) || Certs.isIssuedBy(child, c)).findFirst();
      if (trusted.isPresent()) {
        anchor = trusted.get();
        break;
      }
      Optional<X509Certificate> issuer =
          pool.stream().filter(c -> !path.contains(c) && Certs.isIssuedBy(child, c)).findFirst();
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
                  + Certs.name(current == leaf ? leaf : current)
                  + ") was issued by "
                  + Certs.issuerName(current)
                  + ", which is in neither "
                  + fileName(certFile)
                  + " nor "
                  + chainFile
                  + " (it holds: "
                  + Certs.names(chain)
                  + "), so the intermediate CA is missing and the chain does not reach a CA in the"
                  + " chain file.",
              "Use the chain.crt from the same broker directory as the certificate"
                  + " (clients/"
                  + user
                  + "/chain.crt holds the signing and the root CA), or append the certificate of "
                  + Certs.issuerName(current)
                  + " to "
                  + fileName(certFile)
                  + "."));
      return findings;
    }
    StringBuilder via = new StringBuilder();
    for (X509Certificate ca : path.subList(1, path.size())) {
      via.append(via.length() == 0 ? " via " : ", ").append(Certs.name(ca));
    }
    findings.add(
        Finding.passed(
            Step.FILES,
            fileName(certFile)
                + " ("
                + Certs.name(leaf)
                + ") chains to "
                + Certs.name(anchor)
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
                Certs.name(ca) + " ends before " + Certs.name(leaf),
                Certs.name(ca)
                    + " expires on "
                    + Certs.until(ca)
                    + ", before the certificate it issued ("
                    + Certs.name(leaf)
                    + ", "
                    + Certs.until(leaf)
                    + "), so the client certificate stops working on "
                    + Certs.until(ca)
                    + ".",
                "Renew that CA before then and issue the client certificate again."));
        break;
      }
    }

    List<String> usages = Certs.extendedKeyUsage(leaf);
    if (usages != null
        && !usages.contains(Certs.CLIENT_AUTH)
        && !usages.contains(Certs.ANY_USAGE)) {
      findings.add(
          Finding.failed(
              Step.FILES,
              fileName(certFile) + " is not a client certificate",
              certFile
                  + " ("
                  + Certs.name(leaf)
                  + ") may only be used for "
                  + Certs.describeUsages(usages)
                  + " (its extended key usage has no clientAuth), so the broker rejects it as a"
                  + " client certificate.",
              "Use a client certificate: `simplemqtt cert client "
                  + user
                  + " --dir "
                  + target.dirForCommands()
                  + "` issues one with clientAuth."));
      return findings;
    }
    if (!Certs.allowsDigitalSignature(leaf)) {
      findings.add(
          Finding.failed(
              Step.FILES,
              fileName(certFile) + " may not sign",
              certFile
                  + " ("
                  + Certs.name(leaf)
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
                + Certs.until(leaf)
                + ", usage "
                + (usages == null ? "any (no extended key usage)" : Certs.describeUsages(usages))));
    return findings;
  }

  /** Expired or not yet valid fails; ending within 30 days warns. */
  static Optional<Finding> validity(
      X509Certificate certificate, String role, String clientName, Instant now, Target target) {
    String name = Certs.name(certificate) + " (" + role + ")";
    Instant notAfter = certificate.getNotAfter().toInstant();
    Instant notBefore = certificate.getNotBefore().toInstant();
    boolean isCa = Certs.isCa(certificate);
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
              Certs.name(certificate) + " has expired",
              name + " expired on " + Certs.day(notAfter) + "; TLS refuses an expired certificate.",
              renew));
    }
    if (notBefore.isAfter(now)) {
      return Optional.of(
          Finding.failed(
              Step.FILES,
              Certs.name(certificate) + " is not valid yet",
              name
                  + " is not valid until "
                  + Certs.day(notBefore)
                  + ", and this machine's clock says "
                  + Certs.day(now)
                  + ".",
              "Check the clock of this machine (and of the machine that issued the certificate)."));
    }
    if (notAfter.isBefore(now.plus(EXPIRING_WITHIN))) {
      return Optional.of(
          Finding.warning(
              Step.FILES,
              Certs.name(certificate) + " expires soon",
              name + " expires on " + Certs.day(notAfter) + ", within 30 days.",
              renew));
    }
    return Optional.empty();
  }

  private static Finding unreadable(Path file, TlsException e) {
    String[] parts = Pem.causeAndFix(e.getMessage(), "Check the file.");
    return Finding.failed(Step.FILES, "cannot use " + file, parts[0], parts[1]);
  }

  static String fileName(Path file) {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }
}
