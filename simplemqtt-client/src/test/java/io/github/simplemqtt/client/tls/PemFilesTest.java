package io.github.simplemqtt.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.TlsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
  private static final char[] PASSPHRASE = "correct horse".toCharArray();

  @TempDir static Path dir;
  static OpenSsl openssl;

  @BeforeAll
  static void pki() {
    openssl = new OpenSsl(dir);
    openssl.rootCa("root", "Test Root CA");
    openssl.subCa("signing", "Test Signing CA", "root");
  }

  /** Issues a client certificate for an existing key, to prove the parsed key is that key. */
  private static X509Certificate certificateFor(String keyName) {
    openssl.sign(keyName, keyName, "signing", "client", null, 30);
    return PemFiles.readCertificates(openssl.path(keyName + ".crt")).get(0);
  }

  private static void assertParsesAs(String keyFile, String algorithm, char[] passphrase) {
    PrivateKey key = PemFiles.readPrivateKey(openssl.path(keyFile), passphrase);
    assertThat(key.getAlgorithm()).isEqualTo(algorithm);
  }

  @Test
  void readsPkcs8EcKey() throws Exception {
    openssl.ecKey("pkcs8.key");
    assertThat(Files.readString(openssl.path("pkcs8.key"))).startsWith("-----BEGIN PRIVATE KEY");
    PrivateKey key = PemFiles.readPrivateKey(openssl.path("pkcs8.key"), null);
    assertThat(ClientIdentity.belongsTo(key, certificateFor("pkcs8").getPublicKey())).isTrue();
  }

  @Test
  void readsPkcs1RsaKey() throws Exception {
    openssl.run("genrsa", "-traditional", "-out", "pkcs1.key", "2048");
    assertThat(Files.readString(openssl.path("pkcs1.key")))
        .startsWith("-----BEGIN RSA PRIVATE KEY");
    assertParsesAs("pkcs1.key", "RSA", null);
    PrivateKey key = PemFiles.readPrivateKey(openssl.path("pkcs1.key"), null);
    assertThat(ClientIdentity.belongsTo(key, certificateFor("pkcs1").getPublicKey())).isTrue();
  }

  @Test
  void readsSec1EcKeyWithEcParametersBlockBeforeIt() throws Exception {
    openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", "sec1-params.key");
    assertThat(Files.readString(openssl.path("sec1-params.key")))
        .contains("-----BEGIN EC PARAMETERS")
        .contains("-----BEGIN EC PRIVATE KEY");
    PrivateKey key = PemFiles.readPrivateKey(openssl.path("sec1-params.key"), null);
    assertThat(ClientIdentity.belongsTo(key, certificateFor("sec1-params").getPublicKey()))
        .isTrue();
  }

  @Test
  void readsSec1EcKeyAlone() throws Exception {
    openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.key");
    assertThat(Files.readString(openssl.path("sec1.key"))).startsWith("-----BEGIN EC PRIVATE KEY");
    assertParsesAs("sec1.key", "EC", null);
  }

  @Test
  void readsEncryptedPkcs8WithItsPassphrase() throws Exception {
    openssl.ecKey("plain-for-p8.key");
    openssl.run(
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-in",
        "plain-for-p8.key",
        "-out",
        "enc-p8.key",
        "-passout",
        "pass:" + new String(PASSPHRASE));
    assertThat(Files.readString(openssl.path("enc-p8.key")))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY");
    PrivateKey decrypted = PemFiles.readPrivateKey(openssl.path("enc-p8.key"), PASSPHRASE);
    PrivateKey plain = PemFiles.readPrivateKey(openssl.path("plain-for-p8.key"), null);
    assertThat(decrypted.getEncoded()).isEqualTo(plain.getEncoded());
  }

  @Test
  void readsLegacyEncryptedPemWithItsPassphrase() throws Exception {
    openssl.run(
        "genrsa",
        "-aes256",
        "-traditional",
        "-passout",
        "pass:" + new String(PASSPHRASE),
        "-out",
        "legacy.key",
        "2048");
    assertThat(Files.readString(openssl.path("legacy.key")))
        .contains("-----BEGIN RSA PRIVATE KEY")
        .contains("Proc-Type: 4,ENCRYPTED");
    PrivateKey key = PemFiles.readPrivateKey(openssl.path("legacy.key"), PASSPHRASE);
    openssl.run(
        "rsa",
        "-in",
        "legacy.key",
        "-passin",
        "pass:" + new String(PASSPHRASE),
        "-out",
        "legacy-plain.key");
    PrivateKey plain = PemFiles.readPrivateKey(openssl.path("legacy-plain.key"), null);
    assertThat(key.getEncoded()).isEqualTo(plain.getEncoded());
  }

  @Test
  void encryptedKeysWithoutPassphraseSayHowToPassIt() throws Exception {
    makeEncryptedKeys();
    for (String name : List.of("enc2-p8.key", "legacy2.key")) {
      Path file = openssl.path(name);
      assertTls(() -> PemFiles.readPrivateKey(file, null), file)
          .hasMessage(file + " is encrypted; pass its passphrase with keyPassphrase(...).");
      assertTls(() -> PemFiles.readPrivateKey(file, new char[0]), file)
          .hasMessageContaining("is encrypted");
    }
  }

  @Test
  void wrongPassphraseIsNamedAndNeverShown() throws Exception {
    makeEncryptedKeys();
    for (String name : List.of("enc2-p8.key", "legacy2.key")) {
      Path file = openssl.path(name);
      assertTls(() -> PemFiles.readPrivateKey(file, "not the passphrase".toCharArray()), file)
          .hasMessageContaining("the passphrase is wrong")
          .message()
          .doesNotContain("not the passphrase")
          .doesNotContain(new String(PASSPHRASE));
    }
  }

  private static void makeEncryptedKeys() {
    if (Files.exists(openssl.path("legacy2.key"))) {
      return;
    }
    openssl.ecKey("plain2.key");
    openssl.run(
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-in",
        "plain2.key",
        "-out",
        "enc2-p8.key",
        "-passout",
        "pass:" + new String(PASSPHRASE));
    openssl.run(
        "genrsa",
        "-aes256",
        "-traditional",
        "-passout",
        "pass:" + new String(PASSPHRASE),
        "-out",
        "legacy2.key",
        "2048");
  }

  @Test
  void readsChainInAnyOrderWithCommentsAndBlankLines() throws Exception {
    openssl.client("leaf", "leaf-user", "signing", 30);
    String text =
        "Bag Attributes: friendly name\n"
            + Files.readString(openssl.path("root.crt"))
            + "\n\n# the leaf\n"
            + Files.readString(openssl.path("leaf.crt"))
            + "\r\n   \n"
            + "subject=CN=Test Signing CA\n"
            + Files.readString(openssl.path("signing.crt"));
    Path file = dir.resolve("mixed.crt");
    Files.writeString(file, text);
    List<X509Certificate> certificates = PemFiles.readCertificates(file);
    assertThat(certificates)
        .extracting(Certificates::name)
        .containsExactly("CN=Test Root CA", "CN=leaf-user", "CN=Test Signing CA");
  }

  @Test
  void readsCertificateAfterOpensslTextDump() throws Exception {
    openssl.run("x509", "-in", "root.crt", "-text", "-out", "root-text.crt");
    assertThat(Files.readString(openssl.path("root-text.crt"))).startsWith("Certificate:");
    assertThat(PemFiles.readCertificates(openssl.path("root-text.crt"))).hasSize(1);
  }

  @Test
  void emptyFile() throws Exception {
    Path file = dir.resolve("empty.crt");
    Files.writeString(file, "  \n\n");
    assertTls(() -> PemFiles.readCertificates(file), file)
        .hasMessage(
            file + " is empty; it should hold a PEM certificate (-----BEGIN CERTIFICATE-----).");
    Path key = dir.resolve("empty.key");
    Files.writeString(key, "");
    assertTls(() -> PemFiles.readPrivateKey(key, null), key).hasMessageContaining("is empty");
  }

  @Test
  void derCertificateGetsTheConvertCommand() {
    openssl.run("x509", "-in", "root.crt", "-outform", "der", "-out", "root.der");
    Path file = openssl.path("root.der");
    assertTls(() -> PemFiles.readCertificates(file), file)
        .hasMessageContaining("looks like DER")
        .hasMessageContaining("`openssl x509 -inform der -in " + file + " -out " + file + ".pem`");
  }

  @Test
  void derKeyGetsTheConvertCommand() {
    openssl.run("pkey", "-in", "root.key", "-outform", "der", "-out", "root-key.der");
    Path file = openssl.path("root-key.der");
    assertTls(() -> PemFiles.readPrivateKey(file, null), file)
        .hasMessageContaining("looks like DER")
        .hasMessageContaining("`openssl pkey -inform der -in " + file);
  }

  @Test
  void textThatIsNotPem() throws Exception {
    Path file = dir.resolve("notes.crt");
    Files.writeString(file, "this is not a certificate\n");
    assertTls(() -> PemFiles.readCertificates(file), file)
        .hasMessageContaining("is not a PEM file (it has no -----BEGIN line)");
  }

  @Test
  void truncatedFile() throws Exception {
    String full = Files.readString(openssl.path("signing.crt"));
    Path file = dir.resolve("truncated.crt");
    Files.writeString(file, full.substring(0, full.length() / 2));
    assertTls(() -> PemFiles.readCertificates(file), file)
        .hasMessageContaining("-----BEGIN CERTIFICATE----- line without its -----END line")
        .hasMessageContaining("truncated");
  }

  @Test
  void damagedBase64() throws Exception {
    List<String> lines = Files.readAllLines(openssl.path("signing.crt"));
    lines.set(3, "!!!! not base64 at all !!!!");
    Path file = dir.resolve("damaged.crt");
    Files.write(file, lines);
    assertTls(() -> PemFiles.readCertificates(file), file)
        .hasMessageContaining("holds a damaged PEM certificate");
  }

  @Test
  void certificateBodyWithLinesMissing() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(openssl.path("signing.crt")));
    lines.subList(2, 6).clear();
    Path file = dir.resolve("short.crt");
    Files.write(file, lines);
    assertTls(() -> PemFiles.readCertificates(file), file)
        .hasMessageContaining("holds a damaged PEM certificate");
  }

  @Test
  void keyWhereCertificateIsExpected() {
    Path file = openssl.path("root.key");
    assertTls(() -> PemFiles.readCertificates(file), file)
        .hasMessage(
            file
                + " holds a private key, not a certificate; check that the certificate and key"
                + " files are not swapped.");
  }

  @Test
  void certificateWhereKeyIsExpected() {
    Path file = openssl.path("root.crt");
    assertTls(() -> PemFiles.readPrivateKey(file, null), file)
        .hasMessageContaining("holds a certificate, not a private key");
  }

  @Test
  void certificateRequestIsNotACertificate() {
    Path file = openssl.path("signing.csr");
    assertTls(() -> PemFiles.readCertificates(file), file)
        .hasMessageContaining("holds no certificate (it holds: CERTIFICATE REQUEST)");
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nowhere/client.crt");
    assertTls(() -> PemFiles.readCertificates(file), file)
        .hasMessage(file + " does not exist; check the path.");
    Path relative = Path.of("no-such-dir", "client.key");
    assertTls(() -> PemFiles.readPrivateKey(relative, null), relative)
        .hasMessage(
            relative
                + " does not exist; check the path (it is relative to "
                + Path.of("").toAbsolutePath()
                + ").");
  }

  @Test
  void directoryInsteadOfFile() {
    assertTls(() -> PemFiles.readCertificates(dir), dir)
        .hasMessage(dir + " is a directory; pass the certificate file.");
  }

  @Test
  void keyBytesNeverAppearInMessages() throws Exception {
    String key = Files.readString(openssl.path("root.key"));
    String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    Path file = dir.resolve("broken.key");
    Files.write(
        file, (key.replace(body, body.substring(0, 20) + "@@@@")).getBytes(StandardCharsets.UTF_8));
    assertTls(() -> PemFiles.readPrivateKey(file, null), file)
        .hasMessageContaining("damaged")
        .message()
        .doesNotContain(body.substring(0, 20));
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertTls(Runnable call, Path file) {
    return assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(TlsException.class, e -> assertThat(e.file()).contains(file))
        .hasMessageContaining(file.toString());
  }

  @Test
  void aBlockWhoseEndLineIsMissingIsNamedEvenWhenAnotherBlockFollows() throws Exception {
    String signing = Files.readString(openssl.path("signing.crt"));
    String root = Files.readString(openssl.path("root.crt"));
    String withoutEnd = signing.substring(0, signing.indexOf("-----END"));
    Path file = dir.resolve("missing-end.crt");
    Files.writeString(file, withoutEnd + root);

    assertTls(() -> PemFiles.readCertificates(file), file)
        .hasMessage(
            file
                + " has a -----BEGIN CERTIFICATE----- line without its -----END line; the file is"
                + " truncated, copy it again.");
  }

  @Test
  void aTrustedCertificateGivenAsTheKeyIsNamedAsSwapped() {
    openssl.run("x509", "-in", "root.crt", "-trustout", "-out", "trusted-root.crt");
    Path file = openssl.path("trusted-root.crt");

    assertTls(() -> PemFiles.readPrivateKey(file, null), file)
        .hasMessage(
            file
                + " holds a certificate, not a private key; check that the certificate and key"
                + " files are not swapped.");
  }
}
