package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.broker.pki.HeldCertificate;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** A broker directory's signing CA, to build certificates the kit would never issue. */
final class SigningCa {
  private SigningCa() {}

  static HeldCertificate of(Path brokerDir) throws IOException {
    Path certs = brokerDir.resolve("certs");
    X509Certificate certificate = Pem.certificates(certs.resolve("signingCA.crt")).get(0);
    return HeldCertificate.of(certificate, key(brokerDir.resolve("ca/signingCA.key")));
  }

  private static PrivateKey key(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      return converter.getPrivateKey((PrivateKeyInfo) object);
    }
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
