package io.github.simplemqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.tls.testing.OpenSsl;
import io.github.simplemqtt.tls.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
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
    return Pem.readCertificates(openssl.path(keyName + ".crt")).get(0);
  }

  private static void assertParsesAs(String keyFile, String algorithm, char[] passphrase) {
    PrivateKey key = Pem.readPrivateKey(openssl.path(keyFile), passphrase);
    assertThat(key.getAlgorithm()).isEqualTo(algorithm);
  }

  @Test
  void readsPkcs8EcKey() throws Exception {
    openssl.ecKey("pkcs8.key");
    assertThat(Files.readString(openssl.path("pkcs8.key"))).startsWith("-----BEGIN PRIVATE KEY");
    PrivateKey key = Pem.readPrivateKey(openssl.path("pkcs8.key"), null);
    assertThat(Keys.belongTogether(key, certificateFor("pkcs8").getPublicKey())).isTrue();
  }

  @Test
  void certificatesAndPkcs8KeysNeedNoBouncyCastleAndEverythingElseFallsBackToIt() throws Exception {
    openssl.ecKey("jdk.key");
    openssl.run("genpkey", "-algorithm", "RSA", "-out", "jdk-rsa.key");
    openssl.run("genrsa", "-traditional", "-out", "jdk-pkcs1.key", "2048");
    String chain =
        Files.readString(openssl.path("signing.crt")) + Files.readString(openssl.path("root.crt"));
    String ecKey = Files.readString(openssl.path("jdk.key"));

    List<X509Certificate> certificates = JdkPem.certificates(chain);
    assertThat(certificates).hasSize(2);
    assertThat(certificates.get(1).getSubjectX500Principal().getName()).contains("Test Root CA");
    assertThat(JdkPem.certificates("subject=CN=x\n" + chain)).hasSize(2);
    assertThat(JdkPem.certificates(chain + ecKey)).as("a key beside them").isNull();
    assertThat(JdkPem.certificates(chain.replace("MII", "MI!"))).isNull();
    assertThat(JdkPem.certificates("")).isNull();
    assertThat(JdkPem.privateKey(ecKey).getAlgorithm()).isEqualTo("EC");
    assertThat(JdkPem.privateKey(chain + ecKey).getAlgorithm()).isEqualTo("EC");
    assertThat(JdkPem.privateKey(Files.readString(openssl.path("jdk-rsa.key"))).getAlgorithm())
        .isEqualTo("RSA");
    assertThat(JdkPem.privateKey(Files.readString(openssl.path("jdk-pkcs1.key")))).isNull();
    assertThat(JdkPem.privateKey(chain)).isNull();
    // The JDK's reading is the one Bouncy Castle's converters end in: the same key.
    assertThat(Keys.belongTogether(JdkPem.privateKey(ecKey), certificateFor("jdk").getPublicKey()))
        .isTrue();
  }

  @Test
  void readsPkcs1RsaKey() throws Exception {
    openssl.run("genrsa", "-traditional", "-out", "pkcs1.key", "2048");
    assertThat(Files.readString(openssl.path("pkcs1.key")))
        .startsWith("-----BEGIN RSA PRIVATE KEY");
    assertParsesAs("pkcs1.key", "RSA", null);
    PrivateKey key = Pem.readPrivateKey(openssl.path("pkcs1.key"), null);
    assertThat(Keys.belongTogether(key, certificateFor("pkcs1").getPublicKey())).isTrue();
  }

  @Test
  void readsSec1EcKeyWithEcParametersBlockBeforeIt() throws Exception {
    openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", "sec1-params.key");
    assertThat(Files.readString(openssl.path("sec1-params.key")))
        .contains("-----BEGIN EC PARAMETERS")
        .contains("-----BEGIN EC PRIVATE KEY");
    PrivateKey key = Pem.readPrivateKey(openssl.path("sec1-params.key"), null);
    assertThat(Keys.belongTogether(key, certificateFor("sec1-params").getPublicKey())).isTrue();
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
    PrivateKey decrypted = Pem.readPrivateKey(openssl.path("enc-p8.key"), PASSPHRASE);
    PrivateKey plain = Pem.readPrivateKey(openssl.path("plain-for-p8.key"), null);
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
    PrivateKey key = Pem.readPrivateKey(openssl.path("legacy.key"), PASSPHRASE);
    openssl.run(
        "rsa",
        "-in",
        "legacy.key",
        "-passin",
        "pass:" + new String(PASSPHRASE),
        "-out",
        "legacy-plain.key");
    PrivateKey plain = Pem.readPrivateKey(openssl.path("legacy-plain.key"), null);
    assertThat(key.getEncoded()).isEqualTo(plain.getEncoded());
  }

  @Test
  void encryptedKeysWithoutPassphraseSayHowToPassIt() throws Exception {
    makeEncryptedKeys();
    for (String name : List.of("enc2-p8.key", "legacy2.key")) {
      Path file = openssl.path(name);
      assertPem(() -> Pem.readPrivateKey(file, null), file, PemException.Problem.ENCRYPTED)
          .hasMessage(file + " is encrypted; give its passphrase.");
      assertPem(() -> Pem.readPrivateKey(file, new char[0]), file, PemException.Problem.ENCRYPTED)
          .hasMessageContaining("is encrypted");
    }
  }

  @Test
  void wrongPassphraseIsNamedAndNeverShown() throws Exception {
    makeEncryptedKeys();
    for (String name : List.of("enc2-p8.key", "legacy2.key")) {
      Path file = openssl.path(name);
      assertPem(
              () -> Pem.readPrivateKey(file, "not the passphrase".toCharArray()),
              file,
              PemException.Problem.WRONG_PASSPHRASE)
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
    List<X509Certificate> certificates = Pem.readCertificates(file);
    assertThat(certificates)
        .extracting(Certificates::name)
        .containsExactly("CN=Test Root CA", "CN=leaf-user", "CN=Test Signing CA");
  }

  @Test
  void readsCertificateAfterOpensslTextDump() throws Exception {
    openssl.run("x509", "-in", "root.crt", "-text", "-out", "root-text.crt");
    assertThat(Files.readString(openssl.path("root-text.crt"))).startsWith("Certificate:");
    assertThat(Pem.readCertificates(openssl.path("root-text.crt"))).hasSize(1);
  }

  @Test
  void emptyFile() throws Exception {
    Path file = dir.resolve("empty.crt");
    Files.writeString(file, "  \n\n");
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.EMPTY)
        .hasMessage(
            file + " is empty; it should hold a PEM certificate (-----BEGIN CERTIFICATE-----).");
    Path key = dir.resolve("empty.key");
    Files.writeString(key, "");
    assertPem(() -> Pem.readPrivateKey(key, null), key, PemException.Problem.EMPTY)
        .hasMessageContaining("is empty");
  }

  @Test
  void derCertificateGetsTheConvertCommand() {
    openssl.run("x509", "-in", "root.crt", "-outform", "der", "-out", "root.der");
    Path file = openssl.path("root.der");
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.DER)
        .hasMessageContaining("looks like DER")
        .hasMessageContaining("`openssl x509 -inform der -in " + file + " -out " + file + ".pem`");
  }

  @Test
  void derKeyGetsTheConvertCommand() {
    openssl.run("pkey", "-in", "root.key", "-outform", "der", "-out", "root-key.der");
    Path file = openssl.path("root-key.der");
    assertPem(() -> Pem.readPrivateKey(file, null), file, PemException.Problem.DER)
        .hasMessageContaining("looks like DER")
        .hasMessageContaining("`openssl pkey -inform der -in " + file);
  }

  @Test
  void textThatIsNotPem() throws Exception {
    Path file = dir.resolve("notes.crt");
    Files.writeString(file, "this is not a certificate\n");
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.NOT_PEM)
        .hasMessageContaining("is not a PEM file (it has no -----BEGIN line)");
  }

  @Test
  void truncatedFile() throws Exception {
    String full = Files.readString(openssl.path("signing.crt"));
    Path file = dir.resolve("truncated.crt");
    Files.writeString(file, full.substring(0, full.length() / 2));
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.TRUNCATED)
        .hasMessageContaining("-----BEGIN CERTIFICATE----- line without its -----END line")
        .hasMessageContaining("truncated");
  }

  @Test
  void damagedBase64() throws Exception {
    List<String> lines = Files.readAllLines(openssl.path("signing.crt"));
    lines.set(3, "!!!! not base64 at all !!!!");
    Path file = dir.resolve("damaged.crt");
    Files.write(file, lines);
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.DAMAGED)
        .hasMessageContaining("holds a damaged PEM certificate");
  }

  @Test
  void certificateBodyWithLinesMissing() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(openssl.path("signing.crt")));
    lines.subList(2, 6).clear();
    Path file = dir.resolve("short.crt");
    Files.write(file, lines);
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.DAMAGED)
        .hasMessageContaining("holds a damaged PEM certificate");
  }

  @Test
  void keyWhereCertificateIsExpected() {
    Path file = openssl.path("root.key");
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.SWAPPED)
        .hasMessage(
            file
                + " holds a private key, not a certificate; check that the certificate and key"
                + " files are not swapped.");
  }

  @Test
  void certificateWhereKeyIsExpected() {
    Path file = openssl.path("root.crt");
    assertPem(() -> Pem.readPrivateKey(file, null), file, PemException.Problem.SWAPPED)
        .hasMessageContaining("holds a certificate, not a private key");
  }

  @Test
  void certificateRequestIsNotACertificate() {
    Path file = openssl.path("signing.csr");
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.NOT_FOUND)
        .hasMessageContaining("holds no certificate (it holds: CERTIFICATE REQUEST)");
  }

  @Test
  void whatHoldsNeitherIsNamedByItsBlocks() {
    Path file = openssl.path("signing.csr");
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.NOT_FOUND)
        .hasMessage(
            file
                + " holds no certificate (it holds: CERTIFICATE REQUEST); it should hold a PEM"
                + " certificate (-----BEGIN CERTIFICATE-----).");
    assertPem(() -> Pem.readPrivateKey(file, null), file, PemException.Problem.NOT_FOUND)
        .hasMessage(
            file
                + " holds no private key (it holds: CERTIFICATE REQUEST); it should hold a PEM"
                + " private key (-----BEGIN PRIVATE KEY-----).");
  }

  @Test
  void keysBesideCertificatesAreSkippedAndEveryCertificateIsRead() throws Exception {
    Path file = dir.resolve("certificates-and-key.crt");
    Files.writeString(file, read("signing.crt") + read("root.key") + read("root.crt"));
    assertThat(JdkPem.certificates(Files.readString(file))).as("not for the JDK alone").isNull();

    assertThat(Pem.readCertificates(file))
        .extracting(Certificates::name)
        .containsExactly("CN=Test Signing CA", "CN=Test Root CA");
  }

  @Test
  void theFirstOfSeveralKeysIsRead() throws Exception {
    openssl.run("genrsa", "-traditional", "-out", "first-rsa.key", "2048");
    openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "second-ec.key");
    Path file = dir.resolve("two-keys.key");
    Files.writeString(file, read("signing.crt") + read("first-rsa.key") + read("second-ec.key"));

    assertThat(Pem.readPrivateKey(file, null))
        .isEqualTo(Pem.readPrivateKey(openssl.path("first-rsa.key"), null));
  }

  @Test
  void aStrayCharacterInABlockIsDamageNotSkipped() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(openssl.path("signing.crt")));
    lines.add(3, "@@");
    Path file = dir.resolve("stray.crt");
    Files.write(file, lines);

    assertThat(JdkPem.certificates(Files.readString(file))).isNull();
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.DAMAGED)
        .cause()
        .isNotNull()
        .isNotInstanceOf(PemException.class);
  }

  @Test
  void aCertificateBouncyCastleDecodesButTheJdkRefusesIsDamaged() throws Exception {
    Instant now = Instant.now();
    byte[] bcOnly =
        TestCertificates.selfSignedDer(
            TestCertificates.ecKeyPair(),
            new X500Name("CN=bc-only"),
            now.minusSeconds(3600),
            now.plusSeconds(86_400),
            new Extension(
                Extension.basicConstraints,
                true,
                new DERUTF8String("no constraints").getEncoded()));
    Path alone = dir.resolve("bc-only.crt");
    Path withKey = dir.resolve("bc-only-and-key.crt");
    Files.writeString(alone, Pem.encode("CERTIFICATE", bcOnly));
    Files.writeString(withKey, Pem.encode("CERTIFICATE", bcOnly) + read("root.key"));

    for (Path file : List.of(alone, withKey)) {
      assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.DAMAGED)
          .hasMessage(
              file
                  + " holds a damaged PEM certificate (its content does not decode); the file is"
                  + " corrupted or truncated, copy it again.")
          .hasCauseInstanceOf(CertificateException.class);
    }
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nowhere/client.crt");
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.MISSING)
        .hasMessage(file + " does not exist; check the path.");
    Path relative = Path.of("no-such-dir", "client.key");
    assertPem(() -> Pem.readPrivateKey(relative, null), relative, PemException.Problem.MISSING)
        .hasMessage(
            relative
                + " does not exist; check the path (it is relative to "
                + Path.of("").toAbsolutePath()
                + ").");
  }

  @Test
  void whatIsWrongAndWhatToDoComeApart() {
    Path file = dir.resolve("nowhere/client.crt");
    PemException missing =
        org.junit.jupiter.api.Assertions.assertThrows(
            PemException.class, () -> Pem.readCertificates(file));

    assertThat(missing.what()).isEqualTo(file + " does not exist");
    assertThat(missing.fix()).contains("check the path.");
    assertThat(missing).hasMessage(missing.what() + "; " + missing.fix().orElseThrow());
    PemException alone = new PemException(PemException.Problem.NOT_PEM, "x; y.", null, null);
    assertThat(alone.what()).isEqualTo("x; y.");
    assertThat(alone.fix()).isEmpty();
  }

  @Test
  void directoryInsteadOfFile() {
    assertPem(() -> Pem.readCertificates(dir), dir, PemException.Problem.DIRECTORY)
        .hasMessage(dir + " is a directory; pass the certificate file.");
  }

  @Test
  void keyBytesNeverAppearInMessages() throws Exception {
    String key = Files.readString(openssl.path("root.key"));
    String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    Path file = dir.resolve("broken.key");
    Files.write(
        file, (key.replace(body, body.substring(0, 20) + "@@@@")).getBytes(StandardCharsets.UTF_8));
    assertPem(() -> Pem.readPrivateKey(file, null), file, PemException.Problem.DAMAGED)
        .hasMessageContaining("damaged")
        .message()
        .doesNotContain(body.substring(0, 20));
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertFailure(Runnable call, Path file) {
    return assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(PemException.class, e -> assertThat(e.file()).contains(file))
        .hasMessageContaining(file.toString());
  }

  /** {@link #assertFailure}, and the problem is the one expected. */
  static AbstractThrowableAssert<?, ? extends Throwable> assertPem(
      Runnable call, Path file, PemException.Problem problem) {
    return assertFailure(call, file)
        .isInstanceOfSatisfying(
            PemException.class, e -> assertThat(e.problem()).isEqualTo(problem));
  }

  @Test
  void aBlockWhoseEndLineIsMissingIsNamedEvenWhenAnotherBlockFollows() throws Exception {
    String signing = Files.readString(openssl.path("signing.crt"));
    String root = Files.readString(openssl.path("root.crt"));
    String withoutEnd = signing.substring(0, signing.indexOf("-----END"));
    Path file = dir.resolve("missing-end.crt");
    Files.writeString(file, withoutEnd + root);

    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.TRUNCATED)
        .hasMessage(
            file
                + " has a -----BEGIN CERTIFICATE----- line without its -----END line; the file is"
                + " truncated, copy it again.");
  }

  @Test
  void aTrustedCertificateGivenAsTheKeyIsNamedAsSwapped() {
    openssl.run("x509", "-in", "root.crt", "-trustout", "-out", "trusted-root.crt");
    Path file = openssl.path("trusted-root.crt");

    assertPem(() -> Pem.readPrivateKey(file, null), file, PemException.Problem.SWAPPED)
        .hasMessage(
            file
                + " holds a certificate, not a private key; check that the certificate and key"
                + " files are not swapped.");
  }

  // ---- decode: the strict view, block by block ----

  @Test
  void decodeNamesWhatEachBlockHolds() throws Exception {
    makeEncryptedKeys();
    openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", "decode-sec1.key");
    openssl.run("x509", "-in", "root.crt", "-trustout", "-out", "decode-trusted.crt");
    String text =
        "leading words\n"
            + Files.readString(openssl.path("signing.crt"))
            + Files.readString(openssl.path("decode-trusted.crt"))
            + Files.readString(openssl.path("root.key"))
            + Files.readString(openssl.path("decode-sec1.key"))
            + Files.readString(openssl.path("enc2-p8.key"))
            + Files.readString(openssl.path("legacy2.key"))
            + Files.readString(openssl.path("signing.csr"));

    List<PemBlock> blocks = Pem.decode(text);

    assertThat(blocks)
        .extracting(PemBlock::kind)
        .containsExactly(
            PemBlock.Kind.CERTIFICATE,
            PemBlock.Kind.TRUSTED_CERTIFICATE,
            PemBlock.Kind.PRIVATE_KEY,
            PemBlock.Kind.OTHER,
            PemBlock.Kind.PRIVATE_KEY,
            PemBlock.Kind.ENCRYPTED_PRIVATE_KEY,
            PemBlock.Kind.ENCRYPTED_PRIVATE_KEY,
            PemBlock.Kind.OTHER);
    assertThat(blocks)
        .extracting(PemBlock::isCertificate)
        .containsExactly(true, true, false, false, false, false, false, false);
    assertThat(blocks)
        .extracting(PemBlock::isPrivateKey)
        .containsExactly(false, false, true, false, true, true, true, false);
    assertThat(blocks.get(0).certificate())
        .isEqualTo(Pem.readCertificates(openssl.path("signing.crt")).get(0));
    assertThat(blocks.get(1).certificate())
        .isEqualTo(Pem.readCertificates(openssl.path("root.crt")).get(0));
    assertThat(blocks.get(2).privateKey(null))
        .isEqualTo(Pem.readPrivateKey(openssl.path("root.key"), null));
    assertThat(blocks.get(4).privateKey(null).getAlgorithm()).isEqualTo("EC");
    assertThat(blocks.get(5).privateKey(PASSPHRASE).getAlgorithm()).isEqualTo("EC");
    assertThat(blocks.get(6).privateKey(PASSPHRASE).getAlgorithm()).isEqualTo("RSA");
    assertThat(blocks.get(0)).hasToString("PemBlock[CERTIFICATE]");
    assertThat(Pem.decode("no blocks here\n")).isEmpty();
  }

  @Test
  void aBlockIsAskedOnlyForWhatItHolds() {
    List<PemBlock> blocks = Pem.decode(read("root.key") + read("root.crt"));

    assertThatThrownBy(() -> blocks.get(0).certificate())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("A PRIVATE_KEY block holds no certificate.");
    assertThatThrownBy(() -> blocks.get(0).crl())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("A PRIVATE_KEY block holds no CRL.");
    assertThatThrownBy(() -> blocks.get(1).privateKey(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("A CERTIFICATE block holds no private key.");
  }

  @Test
  void anEncryptedBlockWantsItsPassphraseAndTriesAnEmptyOne() {
    makeEncryptedKeys();
    for (String name : List.of("enc2-p8.key", "legacy2.key")) {
      PemBlock block = Pem.decode(read(name)).get(0);

      assertThatThrownBy(() -> block.privateKey(null))
          .isInstanceOfSatisfying(
              PemException.class,
              e -> {
                assertThat(e.problem()).isEqualTo(PemException.Problem.ENCRYPTED);
                assertThat(e.file()).isEmpty();
              })
          .hasMessage("The private key is encrypted; give its passphrase.");
      for (char[] wrong : List.of(new char[0], "wrong".toCharArray())) {
        assertThatThrownBy(() -> block.privateKey(wrong))
            .isInstanceOfSatisfying(
                PemException.class,
                e -> assertThat(e.problem()).isEqualTo(PemException.Problem.WRONG_PASSPHRASE))
            .hasMessage("The passphrase does not decrypt the private key (or the key is damaged).")
            .hasCauseInstanceOf(Exception.class);
      }
    }
  }

  @Test
  void aDamagedTextDoesNotDecodeAndSaysWhyWithoutAFile() {
    String damaged = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> Pem.decode(damaged))
        .isInstanceOfSatisfying(
            PemException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(PemException.Problem.DAMAGED);
              assertThat(e.file()).isEmpty();
              assertThat(e.getMessage())
                  .isEqualTo("The PEM text does not decode (" + e.getCause().getMessage() + ").");
            });
    assertThatThrownBy(() -> Pem.decode(read("signing.crt").replace("-----END", "-----ENDS")))
        .isInstanceOfSatisfying(
            PemException.class,
            e -> assertThat(e.problem()).isEqualTo(PemException.Problem.DAMAGED));
  }

  @Test
  void aCertificateTheJdkCannotReadIsDamaged() throws Exception {
    // Base64 of a DER SEQUENCE that Bouncy Castle's parser takes but is no certificate.
    String notACertificate =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 0x02, 0x01, 0x07})
            + "\n-----END CERTIFICATE-----\n";
    Path file = dir.resolve("not-a-certificate.crt");
    Files.writeString(file, notACertificate);

    assertThatThrownBy(() -> Pem.decode(notACertificate).get(0).certificate())
        .isInstanceOfSatisfying(
            PemException.class,
            e -> assertThat(e.problem()).isEqualTo(PemException.Problem.DAMAGED));
    assertPem(() -> Pem.readCertificates(file), file, PemException.Problem.DAMAGED)
        .hasMessage(
            file
                + " holds a damaged PEM certificate (its content does not decode); the file is"
                + " corrupted or truncated, copy it again.");
  }

  @Test
  void aKeyOfAKindTheJdkCannotUseIsUnsupported() throws Exception {
    // A PKCS#8 key whose algorithm is an OID no provider knows.
    byte[] der = HexFormat.of().parseHex("3014020100300706052b0e03021a0406040401020304");
    Path file = dir.resolve("unknown-algorithm.key");
    Files.writeString(file, Pem.encode("PRIVATE KEY", der));

    assertPem(() -> Pem.readPrivateKey(file, null), file, PemException.Problem.UNSUPPORTED_KEY)
        .hasMessage(
            file
                + " holds a private key of a kind that cannot be used here; use an RSA or EC key"
                + " (for example `openssl genpkey -algorithm EC -pkeyopt"
                + " ec_paramgen_curve:P-256`).");
    assertThatThrownBy(() -> Pem.decode(read("unknown-algorithm.key")).get(0).privateKey(null))
        .isInstanceOfSatisfying(
            PemException.class,
            e -> assertThat(e.problem()).isEqualTo(PemException.Problem.UNSUPPORTED_KEY))
        .hasMessageStartingWith("The private key is of a kind that cannot be used here (");
  }

  @Test
  void encryptedKeysAreRecognisedByTheirText() {
    makeEncryptedKeys();

    assertThat(Pem.isEncryptedKey(read("enc2-p8.key"))).isTrue();
    assertThat(Pem.isEncryptedKey(read("legacy2.key"))).isTrue();
    assertThat(Pem.isEncryptedKey(read("plain2.key"))).isFalse();
    assertThat(Pem.isEncryptedKey(read("root.crt"))).isFalse();
  }

  // ---- encode: what OpenSSL reads ----

  @Test
  void certificatesAndKeysAreWrittenAsOpensslReadsThem() throws Exception {
    X509Certificate root = Pem.readCertificates(openssl.path("root.crt")).get(0);
    PrivateKey key = Pem.readPrivateKey(openssl.path("root.key"), null);
    Files.writeString(dir.resolve("written.crt"), Pem.encode(root));
    Files.writeString(dir.resolve("written.key"), Pem.encode(key));
    Files.writeString(dir.resolve("written-enc.key"), Pem.encodeEncrypted(key, PASSPHRASE));

    assertThat(Pem.encode(root))
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n")
        .isEqualTo(read("root.crt"));
    assertThat(Pem.encode(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(read("written-enc.key")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    assertThat(Pem.readPrivateKey(dir.resolve("written.key"), null)).isEqualTo(key);
    assertThat(Pem.readPrivateKey(dir.resolve("written-enc.key"), PASSPHRASE)).isEqualTo(key);
    openssl.run("x509", "-in", "written.crt", "-noout");
    openssl.run("pkey", "-in", "written.key", "-noout");
    openssl.run(
        "pkey", "-in", "written-enc.key", "-passin", "pass:" + new String(PASSPHRASE), "-noout");
    // PBKDF2 with HMAC-SHA256, AES-256-CBC, and our round count.
    String structure = asn1(dir.resolve("written-enc.key"));
    assertThat(structure).contains("PBKDF2").contains("hmacWithSHA256").contains("aes-256-cbc");
    assertThat(structure).containsPattern(":0*186A0\\b");
  }

  @Test
  void anEncryptedKeyNeedsAPassphrase() {
    PrivateKey key = Pem.readPrivateKey(openssl.path("root.key"), null);

    assertThatThrownBy(() -> Pem.encodeEncrypted(key, new char[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The passphrase is empty; give one, or none to leave the key open.");
    assertThatThrownBy(() -> Pem.encodeEncrypted(key, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void anyBlockIsWrittenInLinesOfSixtyFour() throws Exception {
    KeyPair keys = TestCertificates.ecKeyPair();
    X500Name issuer = new X500Name("CN=CRL Test");
    Date now = new Date();
    X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer, now);
    builder.addCRLEntry(BigInteger.valueOf(42), now, 0);
    byte[] der =
        builder
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
            .getEncoded();

    String pem = Pem.encode("X509 CRL", der);

    assertThat(pem).startsWith("-----BEGIN X509 CRL-----\n").endsWith("-----END X509 CRL-----\n");
    assertThat(pem.lines().filter(l -> !l.startsWith("-----")))
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
    PemBlock block = Pem.decode(pem).get(0);
    assertThat(block.kind()).isEqualTo(PemBlock.Kind.CRL);
    assertThat(block.crl().getEncoded()).isEqualTo(der);
    assertThat(block.crl().getRevokedCertificate(BigInteger.valueOf(42))).isNotNull();
    assertThat(PemBlock.Kind.CRL.label()).isEqualTo("X509 CRL");
    assertThat(PemBlock.Kind.CERTIFICATE.label()).isEqualTo("CERTIFICATE");
    assertThat(PemBlock.Kind.PRIVATE_KEY.label()).isEqualTo("PRIVATE KEY");
    assertThat(PemBlock.Kind.OTHER.label()).isEmpty();
  }

  private static String read(String name) {
    try {
      return Files.readString(openssl.path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String asn1(Path file) throws Exception {
    Process process =
        new ProcessBuilder("openssl", "asn1parse", "-in", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isZero();
    return out;
  }
}
