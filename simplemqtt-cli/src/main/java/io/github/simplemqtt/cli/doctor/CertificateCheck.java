package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.pki.CertificateInfo;
import io.github.simplemqtt.broker.pki.PkiException;
import io.github.simplemqtt.tls.Certificates;
import io.github.simplemqtt.tls.Keys;
import io.github.simplemqtt.tls.PemException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Judges what {@link CertificateProbe} read of a broker directory's certificates: the chain, the
 * names the server certificate covers, validity, and the CRL. Reads nothing itself.
 */
final class CertificateCheck {
  private CertificateCheck() {}

  /**
   * The findings, in checklist order.
   *
   * @param dir the broker directory, for the commands in fixes
   * @param settings its settings: the hosts clients dial
   */
  static List<Finding> judge(CertificateProbe.Facts facts, Path dir, BrokerSettings settings) {
    List<Finding> out = new ArrayList<>();
    if (facts instanceof CertificateProbe.Unopened unopened) {
      out.add(unopened(unopened));
    } else if (facts instanceof CertificateProbe.Unreadable unreadable) {
      PemException e = unreadable.failure();
      out.add(
          Finding.failed(
              Step.CERTIFICATES,
              "cannot read a certificate",
              e.what(),
              e.fix(),
              "Restore the file from a backup."));
    } else {
      CertificateProbe.Read read = (CertificateProbe.Read) facts;
      certificates(read, dir, settings, out);
      crl(read, dir, out);
    }
    return out;
  }

  private static Finding unopened(CertificateProbe.Unopened facts) {
    String summary = "cannot open the PKI in " + facts.certs();
    String defaultFix = "Restore the certs/ folder from a backup.";
    if (facts.failure() instanceof PkiException e) {
      return Finding.failed(
          Step.CERTIFICATES,
          summary,
          Sentences.sentence(e.what()),
          e.fix().map(Sentences::sentence).orElse(defaultFix));
    }
    String what =
        Objects.requireNonNullElse(facts.failure().getMessage(), facts.certs() + " cannot be read");
    return Finding.failed(Step.CERTIFICATES, summary, Sentences.sentence(what), defaultFix);
  }

  private static void certificates(
      CertificateProbe.Read facts, Path dir, BrokerSettings settings, List<Finding> out) {
    X509Certificate root = facts.root();
    X509Certificate signing = facts.signing();
    X509Certificate server = facts.server();
    List<X509Certificate> chain = facts.chain();

    // The chain: root signed itself and the signing CA, which signed the server certificate, and
    // chain.crt holds exactly those two CAs.
    List<String> broken = new ArrayList<>();
    if (!Certificates.isSelfSigned(root)) {
      broken.add("rootCA.crt is not self-signed");
    }
    if (!Certificates.isIssuedBy(signing, root)) {
      broken.add("signingCA.crt was not signed by rootCA.crt");
    }
    if (!Certificates.isIssuedBy(server, signing)) {
      broken.add(
          "server.crt (" + CertificateWords.name(server) + ") was not signed by signingCA.crt");
    }
    if (!chain.contains(root) || !chain.contains(signing)) {
      broken.add("chain.crt does not hold both rootCA.crt and signingCA.crt");
    }
    if (facts.serverKey().key().isPresent()) {
      if (!Keys.belongTogether(facts.serverKey().key().get(), server.getPublicKey())) {
        broken.add("server.key is not the key of server.crt");
      }
    } else {
      facts.serverKey().failure().ifPresent(e -> broken.add(e.getMessage()));
    }
    if (broken.isEmpty()) {
      out.add(
          Finding.passed(
              Step.CERTIFICATES,
              "chain consistent: "
                  + CertificateWords.name(root)
                  + " > "
                  + CertificateWords.name(signing)
                  + " > "
                  + CertificateWords.name(server)
                  + "; server.key matches; chain.crt holds both CAs"));
    } else {
      out.add(
          Finding.failed(
              Step.CERTIFICATES,
              "the certificate chain is inconsistent",
              String.join("; ", broken)
                  + ", so clients or the broker will refuse the TLS handshake.",
              "Restore certs/ from a backup, or re-issue the server certificate (`simplemqtt cert"
                  + " server --dir "
                  + dir
                  + "`)."));
    }

    List<String> missing =
        settings.hosts().stream().filter(host -> !Certificates.covers(server, host)).toList();
    if (missing.isEmpty()) {
      out.add(
          Finding.passed(
              Step.CERTIFICATES,
              "server.crt covers "
                  + (settings.hosts().isEmpty() ? "localhost" : String.join(", ", settings.hosts()))
                  + " (it covers: "
                  + String.join(", ", CertificateWords.subjectAltNames(server))
                  + ")"));
    } else {
      out.add(
          Finding.failed(
              Step.CERTIFICATES,
              "server.crt does not cover " + String.join(", ", missing),
              "server.crt ("
                  + CertificateWords.name(server)
                  + ") does not cover "
                  + String.join(", ", missing)
                  + ", which clients dial by the kit's record (config/simplemqtt.properties); it"
                  + " covers: "
                  + String.join(", ", CertificateWords.subjectAltNames(server))
                  + ".",
              "Re-issue it: `simplemqtt cert server --dir "
                  + dir
                  + " --host "
                  + String.join(" --host ", settings.hosts())
                  + "`."));
    }

    int valid = 0;
    for (CertificateInfo info : facts.certificates()) {
      if (info.role() == CertificateInfo.Role.SERVER && !isCurrentServer(info, server)) {
        continue; // an older server certificate, no longer in use
      }
      if (info.role() == CertificateInfo.Role.CLIENT) {
        // Client certificates are the clients' business; an expired one breaks one client only.
        if (info.role() == CertificateInfo.Role.CLIENT
            && info.state() == CertificateInfo.State.EXPIRING) {
          out.add(
              Finding.warning(
                  Step.CERTIFICATES,
                  "client certificate " + info.commonName() + " expires soon",
                  "The client certificate of "
                      + info.commonName()
                      + " (serial "
                      + info.serialHex()
                      + ") expires on "
                      + Certificates.day(info.notAfter())
                      + ".",
                  "Issue a new one: `simplemqtt cert client "
                      + info.commonName()
                      + " --dir "
                      + dir
                      + "`."));
        }
        continue;
      }
      String what =
          switch (info.role()) {
            case ROOT_CA -> "the root CA";
            case SIGNING_CA -> "the signing CA";
            default -> "the server certificate";
          };
      switch (info.state()) {
        case EXPIRED ->
            out.add(
                Finding.failed(
                    Step.CERTIFICATES,
                    what + " has expired",
                    Sentences.sentence(what)
                        + " ("
                        + info.commonName()
                        + ") expired on "
                        + Certificates.day(info.notAfter())
                        + ", so every TLS client is refused.",
                    info.role() == CertificateInfo.Role.SERVER
                        ? "Re-issue it: `simplemqtt cert server --dir " + dir + "`."
                        : "Make a new PKI (`simplemqtt init --force`) and issue every certificate"
                            + " again."));
        case NOT_YET_VALID ->
            out.add(
                Finding.failed(
                    Step.CERTIFICATES,
                    what + " is not valid yet",
                    Sentences.sentence(what)
                        + " is not valid until "
                        + Certificates.day(info.notBefore())
                        + " by this machine's clock.",
                    "Check this machine's clock."));
        case EXPIRING ->
            out.add(
                Finding.warning(
                    Step.CERTIFICATES,
                    what + " expires soon",
                    Sentences.sentence(what)
                        + " expires on "
                        + Certificates.day(info.notAfter())
                        + ".",
                    info.role() == CertificateInfo.Role.SERVER
                        ? "Re-issue it: `simplemqtt cert server --dir " + dir + "`."
                        : "Plan a new PKI before then."));
        default -> valid++;
      }
    }
    out.add(
        Finding.passed(
            Step.CERTIFICATES,
            valid
                + " CA and server certificates valid (server until "
                + CertificateWords.until(server)
                + ", signing CA until "
                + CertificateWords.until(signing)
                + ")"));
  }

  /**
   * The command that writes crl.pem again (from the kit's copy of the revocations) and makes the
   * broker read it: start and reload both renew a missing, expiring or expired CRL.
   */
  static String renewCrlCommand(Path dir, boolean brokerRunning) {
    return "`simplemqtt broker " + (brokerRunning ? "reload" : "start") + " --dir " + dir + "`";
  }

  private static boolean isCurrentServer(CertificateInfo info, X509Certificate server) {
    return new BigInteger(info.serialHex(), 16).equals(server.getSerialNumber());
  }

  private static void crl(CertificateProbe.Read facts, Path dir, List<Finding> out) {
    Path file = facts.crlFile();
    Instant now = facts.now();
    if (facts.crl().isEmpty()) {
      out.add(
          Finding.failed(
              Step.CERTIFICATES,
              "crl.pem cannot be read",
              file
                  + " holds no certificate revocation list, and mosquitto refuses to start without"
                  + " the crlfile it names.",
              "Move it away and write a fresh one: `rm "
                  + file
                  + "`, then "
                  + renewCrlCommand(dir, facts.brokerRunning())
                  + "."));
      return;
    }
    X509CRL crl = facts.crl().get();
    Instant next = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
    int revoked = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
    if (next != null && next.isBefore(now)) {
      out.add(
          Finding.failed(
              Step.CERTIFICATES,
              "crl.pem expired on " + Certificates.day(next),
              "The CRL's next update was "
                  + Certificates.day(next)
                  + ": Mosquitto refuses every client certificate once its CRL has expired.",
              "Write a fresh CRL: " + renewCrlCommand(dir, facts.brokerRunning()) + "."));
    } else if (next != null && next.isBefore(now.plus(LocalFileChecks.EXPIRING_WITHIN))) {
      out.add(
          Finding.warning(
              Step.CERTIFICATES,
              "crl.pem expires on " + Certificates.day(next),
              "The CRL's next update is "
                  + Certificates.day(next)
                  + ", within 30 days; after it Mosquitto refuses every client certificate.",
              "Write a fresh CRL: " + renewCrlCommand(dir, facts.brokerRunning()) + "."));
    } else {
      out.add(
          Finding.passed(
              Step.CERTIFICATES,
              "crl.pem lists "
                  + revoked
                  + " revoked, next update "
                  + (next == null ? "none" : Certificates.day(next))));
    }
  }
}
