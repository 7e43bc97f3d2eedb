package io.github.simplemqtt.broker.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys in the forms OpenSSL and older tools write, besides the PKCS#8 the kit writes itself. */
class PemFilesTest {
  // RSA: a traditional RSA key holds its public half, as OpenSSL's traditional EC keys do too.
  private static final KeyPair KEYS = HeldCertificate.generateKeyPair(KeyType.RSA, false);

  @TempDir Path dir;

  /**
   * The traditional OpenSSL form ("BEGIN EC PRIVATE KEY"), encrypted when a passphrase is given.
   */
  private Path traditionalKey(String passphrase) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      if (passphrase == null) {
        writer.writeObject(KEYS);
      } else {
        writer.writeObject(
            KEYS,
            new JcePEMEncryptorBuilder("AES-256-CBC")
                .setProvider(new BouncyCastleProvider())
                .build(passphrase.toCharArray()));
      }
    }
    Path file = dir.resolve(passphrase == null ? "plain.key" : "encrypted.key");
    Files.writeString(file, text.toString());
    return file;
  }

  @Test
  void readsATraditionalOpensslKey() throws Exception {
    Path file = traditionalKey(null);
    assertThat(Files.readString(file)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    assertThat(PemFiles.isEncrypted(file)).isFalse();
    assertThat(PemFiles.readPrivateKey(file, null)).isEqualTo(KEYS.getPrivate());
  }

  @Test
  void readsAnEncryptedTraditionalKeyOnlyWithItsPassphrase() throws Exception {
    Path file = traditionalKey("s3cret pass");
    assertThat(Files.readString(file)).contains("Proc-Type: 4,ENCRYPTED");

    assertThat(PemFiles.isEncrypted(file)).isTrue();
    assertThat(PemFiles.readPrivateKey(file, "s3cret pass".toCharArray()))
        .isEqualTo(KEYS.getPrivate());
    assertThatThrownBy(() -> PemFiles.readPrivateKey(file, null))
        .isInstanceOf(PkiException.class)
        .hasMessage(file + " is encrypted; give the CA passphrase to use it.");
    assertThatThrownBy(() -> PemFiles.readPrivateKey(file, "wrong".toCharArray()))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "The CA passphrase does not open "
                + file
                + "; check the passphrase (or the file is damaged).");
  }

  @Test
  void refusesAnEmptyPassphraseForANewKey() {
    assertThatThrownBy(() -> PemFiles.privateKeyPem(KEYS.getPrivate(), new char[0]))
        .isInstanceOf(PkiException.class)
        .hasMessage("The passphrase is empty; give one, or none to leave the key open.");
  }

  @Test
  void aKeyFileMustHoldOneKeyAndNothingElse() throws Exception {
    String key = PemFiles.privateKeyPem(KEYS.getPrivate(), null);
    Path two = dir.resolve("two.key");
    Files.writeString(two, key + key);
    HeldCertificate held =
        HeldCertificate.builder().commonName("x").keyPair(KEYS).validityDays(1).build();
    Path certificate = dir.resolve("not-a.key");
    Files.writeString(certificate, held.certificatePem());

    assertThatThrownBy(() -> PemFiles.readPrivateKey(two, null))
        .isInstanceOf(PkiException.class)
        .hasMessage(two + " must hold exactly one PEM private key.");
    assertThatThrownBy(() -> PemFiles.readPrivateKey(certificate, null))
        .isInstanceOf(PkiException.class)
        .hasMessage(certificate + " holds no PEM private key ('BEGIN PRIVATE KEY').");
    assertThatThrownBy(() -> PemFiles.readCrl(certificate))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            certificate
                + " is not a PEM certificate revocation list ('BEGIN X509 CRL'); restore it from a"
                + " backup.");
    assertThatThrownBy(() -> PemFiles.readCertificate(dir.resolve("missing.crt")))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            dir.resolve("missing.crt") + " is missing; restore it or create the PKI again.");
  }
}
