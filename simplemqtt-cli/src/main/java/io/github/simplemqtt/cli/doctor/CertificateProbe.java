package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.pki.CertificateInfo;
import io.github.simplemqtt.broker.pki.Pki;
import io.github.simplemqtt.broker.pki.PkiException;
import io.github.simplemqtt.broker.process.BrokerStatus;
import io.github.simplemqtt.tls.Pem;
import io.github.simplemqtt.tls.PemBlock;
import io.github.simplemqtt.tls.PemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads what {@code doctor --dir} judges about a broker directory's certificates, and judges none
 * of it: that is {@link CertificateCheck}'s part, which can so be tested on facts made up in a
 * test. Reads the PKI as the kit opens it, then the certificate files as a TLS client or mosquitto
 * would read them, the server key, the list of issued certificates and crl.pem.
 */
final class CertificateProbe {
  private CertificateProbe() {}

  /** What was found; one of the three records below. */
  sealed interface Facts permits Unopened, Unreadable, Read {}

  /**
   * The kit could not open the PKI.
   *
   * @param certs the folder
   * @param failure a {@link PkiException} with its facts, or an {@link UncheckedIOException}
   */
  record Unopened(Path certs, RuntimeException failure) implements Facts {}

  /** A certificate file does not read as PEM certificates. */
  record Unreadable(PemException failure) implements Facts {}

  /**
   * Everything read.
   *
   * @param root rootCA.crt's certificate
   * @param signing signingCA.crt's certificate
   * @param server server.crt's certificate
   * @param chain chain.crt's certificates
   * @param serverKey server.key, or why it does not read
   * @param certificates the PKI's list: CAs, then issued server and client certificates
   * @param crlFile crl.pem
   * @param crl its list, empty when it holds none that reads
   * @param now the clock's instant when read
   * @param brokerRunning whether a broker the kit started runs (it reloads a new CRL, else starts)
   */
  record Read(
      X509Certificate root,
      X509Certificate signing,
      X509Certificate server,
      List<X509Certificate> chain,
      Keyed serverKey,
      List<CertificateInfo> certificates,
      Path crlFile,
      Optional<X509CRL> crl,
      Instant now,
      boolean brokerRunning)
      implements Facts {
    Read {
      chain = List.copyOf(chain);
      certificates = List.copyOf(certificates);
    }
  }

  /**
   * A private key as read: the key, or the failure that says why not.
   *
   * @param key the key, when it read
   * @param failure why it did not, otherwise
   */
  record Keyed(Optional<PrivateKey> key, Optional<PemException> failure) {}

  static Facts gather(BrokerDirectory directory, Clock clock) {
    Path certs = directory.path().resolve("certs");
    Pki pki;
    try {
      pki = Pki.open(certs, directory.caKeyDirectory(), null, clock);
    } catch (PkiException | UncheckedIOException e) {
      return new Unopened(certs, e);
    }
    Instant now = clock.instant();
    X509Certificate root;
    X509Certificate signing;
    X509Certificate server;
    List<X509Certificate> chain;
    try {
      root = Pem.readCertificates(pki.rootCertificate()).get(0);
      signing = Pem.readCertificates(pki.signingCertificate()).get(0);
      server = Pem.readCertificates(pki.serverCertificate()).get(0);
      chain = Pem.readCertificates(directory.chainFile());
    } catch (PemException e) {
      return new Unreadable(e);
    }
    Keyed serverKey;
    try {
      serverKey =
          new Keyed(Optional.of(LocalFileChecks.privateKey(pki.serverKey())), Optional.empty());
    } catch (PemException e) {
      serverKey = new Keyed(Optional.empty(), Optional.of(e));
    }
    return new Read(
        root,
        signing,
        server,
        chain,
        serverKey,
        pki.list(),
        pki.crl(),
        crl(pki.crl()),
        now,
        directory.broker().status().state() == BrokerStatus.State.RUNNING);
  }

  private static Optional<X509CRL> crl(Path file) {
    try {
      List<PemBlock> blocks = Pem.decode(Files.readString(file, StandardCharsets.US_ASCII));
      if (!blocks.isEmpty() && blocks.get(0).kind() == PemBlock.Kind.CRL) {
        return Optional.of(blocks.get(0).crl());
      }
    } catch (IOException | RuntimeException e) {
      // No list that reads: the check says so.
    }
    return Optional.empty();
  }
}
