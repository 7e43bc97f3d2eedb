package io.github.simplemqtt.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.tls.Pem;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client reads PEM with simplemqtt-tls and fails with its words, as a TlsException. */
class ClientPemTest {
  private static final char[] PASSPHRASE = "correct horse".toCharArray();

  static Pki pki;

  @BeforeAll
  static void pki() {
    pki = Pki.shared();
    if (!pki.openssl.path("client-pem-p8.key").toFile().exists()) {
      pki.openssl.ecKey("client-pem-plain.key");
      pki.openssl.run(
          "pkcs8",
          "-topk8",
          "-v2",
          "aes-256-cbc",
          "-in",
          "client-pem-plain.key",
          "-out",
          "client-pem-p8.key",
          "-passout",
          "pass:" + new String(PASSPHRASE));
      pki.openssl.run(
          "genrsa",
          "-aes256",
          "-traditional",
          "-passout",
          "pass:" + new String(PASSPHRASE),
          "-out",
          "client-pem-legacy.key",
          "2048");
    }
  }

  @Test
  void readsWhatTheTlsModuleReads() {
    assertThat(ClientPem.readCertificates(pki.kitChain))
        .isEqualTo(Pem.readCertificates(pki.kitChain))
        .hasSize(2);
    assertThat(ClientPem.readPrivateKey(pki.aliceKey, null))
        .isEqualTo(Pem.readPrivateKey(pki.aliceKey, null));
    assertThat(ClientPem.readPrivateKey(pki.openssl.path("client-pem-p8.key"), PASSPHRASE))
        .isEqualTo(Pem.readPrivateKey(pki.openssl.path("client-pem-plain.key"), null));
  }

  @Test
  void encryptedKeysWithoutPassphraseSayHowToPassIt() {
    for (String name : List.of("client-pem-p8.key", "client-pem-legacy.key")) {
      Path file = pki.openssl.path(name);
      assertTls(() -> ClientPem.readPrivateKey(file, null), file)
          .hasMessage(file + " is encrypted; pass its passphrase with keyPassphrase(...).");
      assertTls(() -> ClientPem.readPrivateKey(file, new char[0]), file)
          .hasMessage(file + " is encrypted; pass its passphrase with keyPassphrase(...).");
    }
  }

  @Test
  void otherFailuresKeepTheTlsModulesWordsFileAndCause() {
    Path missing = pki.openssl.path("nowhere/client.crt");
    assertTls(() -> ClientPem.readCertificates(missing), missing)
        .hasMessage(missing + " does not exist; check the path.")
        .hasCauseInstanceOf(NoSuchFileException.class);

    Path key = pki.openssl.path("client-pem-legacy.key");
    assertTls(() -> ClientPem.readPrivateKey(key, "not it".toCharArray()), key)
        .hasMessage(
            key
                + " could not be decrypted: the passphrase is wrong (or the file is damaged); pass"
                + " the passphrase it was encrypted with.")
        .cause()
        .isNotNull()
        .isNotInstanceOf(io.github.simplemqtt.tls.PemException.class);

    assertTls(() -> ClientPem.readPrivateKey(pki.alice, null), pki.alice)
        .hasMessage(
            pki.alice
                + " holds a certificate, not a private key; check that the certificate and key"
                + " files are not swapped.")
        .hasNoCause();
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertTls(Runnable call, Path file) {
    return assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(TlsException.class, e -> assertThat(e.file()).contains(file))
        .hasMessageContaining(file.toString());
  }
}
