package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.broker.pki.HeldCertificate;
import io.github.simplemqtt.tls.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/** A broker directory's signing CA, to build certificates the kit would never issue. */
final class SigningCa {
  private SigningCa() {}

  static HeldCertificate of(Path brokerDir) throws IOException {
    Path certs = brokerDir.resolve("certs");
    X509Certificate certificate = Pem.readCertificates(certs.resolve("signingCA.crt")).get(0);
    return HeldCertificate.of(
        certificate, Pem.readPrivateKey(brokerDir.resolve("ca/signingCA.key"), null));
  }

  /** Writes a client bundle (chain.crt, client.crt with the signing CA, client.key) for a leaf. */
  static Path writeBundle(Path brokerDir, HeldCertificate leaf, Path out) throws IOException {
    Files.createDirectories(out);
    Path certs = brokerDir.resolve("certs");
    String signing = Files.readString(certs.resolve("signingCA.crt"));
    Files.writeString(out.resolve("client.crt"), leaf.certificatePem() + signing);
    Files.writeString(out.resolve("client.key"), leaf.privateKeyPem());
    Files.copy(brokerDir.resolve("certs/chain.crt"), out.resolve("chain.crt"));
    return out;
  }
}
