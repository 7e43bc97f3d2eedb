package io.github.simplemqtt.client.tls;

import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.tls.Certificates;
import io.github.simplemqtt.tls.Keys;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The client's certificate, its key and the intermediate CAs to present with it, checked before any
 * network traffic.
 */
final class ClientIdentity {
  /** Far longer than any real chain; stops a loop of cross-signed certificates. */
  private static final int MAX_CHAIN_LENGTH = 10;

  private final List<X509Certificate> chain;
  private final PrivateKey key;
  private final Path certFile;

  private ClientIdentity(List<X509Certificate> chain, PrivateKey key, Path certFile) {
    this.chain = List.copyOf(chain);
    this.key = key;
    this.certFile = certFile;
  }

  /**
   * Loads the certificate and key, checks they belong together and that the certificate is valid at
   * {@code clock}'s time, and builds the chain to present: the leaf, then its issuers found in the
   * certificate file and the chain file, up to but without the self-signed root.
   */
  static ClientIdentity load(
      Path certFile,
      Path keyFile,
      char @Nullable [] passphrase,
      List<X509Certificate> chainFileCertificates,
      Clock clock) {
    List<X509Certificate> certificates = ClientPem.readCertificates(certFile);
    PrivateKey key = ClientPem.readPrivateKey(keyFile, passphrase);
    X509Certificate leaf = findLeaf(certificates, key, certFile, keyFile);
    checkValidity(leaf, certFile, clock.instant());
    Set<X509Certificate> pool = new LinkedHashSet<>(certificates);
    pool.addAll(chainFileCertificates);
    List<X509Certificate> chain = buildChain(leaf, pool);
    for (X509Certificate ca : chain.subList(1, chain.size())) {
      checkCaValidity(ca, leaf, certFile, clock.instant());
    }
    return new ClientIdentity(chain, key, certFile);
  }

  /** Leaf first, then each issuer; never the self-signed root. */
  List<X509Certificate> chain() {
    return chain;
  }

  /** A key manager presenting {@link #chain()} with the key. */
  KeyManagerFactory keyManagerFactory() {
    return new FixedKeyManagerFactory(key, chain);
  }

  /**
   * The certificate in the file whose public key belongs to {@code key}. A file may hold the leaf
   * and its CAs in any order, so the key decides which one is the client's.
   */
  private static X509Certificate findLeaf(
      List<X509Certificate> certificates, PrivateKey key, Path certFile, Path keyFile) {
    for (X509Certificate certificate : certificates) {
      if (Keys.belongTogether(key, certificate.getPublicKey())) {
        return certificate;
      }
    }
    X509Certificate named =
        certificates.stream()
            .filter(c -> !Certificates.isCa(c))
            .findFirst()
            .orElse(certificates.get(0));
    PublicKey certificateKey = named.getPublicKey();
    String why =
        key.getAlgorithm().equals(certificateKey.getAlgorithm())
            ? "the certificate's public key is not the public half of this key"
            : "the key is "
                + key.getAlgorithm()
                + " but the certificate's key is "
                + certificateKey.getAlgorithm();
    throw new TlsException(
        keyFile + " does not belong to " + certFile + " (" + Certificates.name(named) + "): " + why,
        "Use the key that was created together with this certificate.",
        keyFile,
        null);
  }

  private static void checkValidity(X509Certificate leaf, Path certFile, Instant now) {
    try {
      leaf.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      String name = Certificates.name(leaf);
      String user = Certificates.escapedCommonName(leaf).orElse("NAME");
      throw new TlsException(
          certFile
              + " ("
              + name
              + ") expired on "
              + Certificates.day(leaf.getNotAfter().toInstant()),
          "issue a new one with `simplemqtt cert client " + user + "`.",
          certFile,
          e);
    } catch (CertificateNotYetValidException e) {
      String name = Certificates.name(leaf);
      throw new TlsException(
          certFile
              + " ("
              + name
              + ") is not valid until "
              + Certificates.day(leaf.getNotBefore().toInstant())
              + " (this machine's clock says "
              + Certificates.day(now)
              + ")",
          "check the clock of this machine.",
          certFile,
          e);
    }
  }

  private static void checkCaValidity(
      X509Certificate ca, X509Certificate leaf, Path certFile, Instant now) {
    if (ca.getNotAfter().toInstant().isBefore(now)) {
      throw new TlsException(
          "The CA that issued "
              + certFile
              + " ("
              + Certificates.name(leaf)
              + ") expired on "
              + Certificates.day(ca.getNotAfter().toInstant())
              + " ("
              + Certificates.name(ca)
              + ")",
          "the broker will reject the certificate, so the broker's admin has to renew that CA and"
              + " issue a new client certificate.",
          certFile,
          null);
    }
  }

  /**
   * Leaf → issuer → ...: each next certificate has the previous one's issuer as subject AND its key
   * verifies the previous one's signature. Stops at a self-signed root, which is left out (the
   * broker has it), or where no issuer is found.
   */
  static List<X509Certificate> buildChain(X509Certificate leaf, Set<X509Certificate> pool) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(leaf);
    X509Certificate current = leaf;
    while (chain.size() < MAX_CHAIN_LENGTH && !Certificates.isSelfSigned(current)) {
      X509Certificate child = current;
      Optional<X509Certificate> issuer =
          pool.stream()
              .filter(candidate -> !chain.contains(candidate))
              .filter(candidate -> Certificates.isIssuedBy(child, candidate))
              .findFirst();
      if (issuer.isEmpty() || Certificates.isSelfSigned(issuer.get())) {
        break;
      }
      chain.add(issuer.get());
      current = issuer.get();
    }
    return chain;
  }
}
