package io.github.simplemqtt.broker.pki;

import static io.github.simplemqtt.broker.pki.PkiFixtures.T0;
import static io.github.simplemqtt.broker.pki.PkiFixtures.at;
import static io.github.simplemqtt.broker.pki.PkiFixtures.authorityKeyId;
import static io.github.simplemqtt.broker.pki.PkiFixtures.selfSigned;
import static io.github.simplemqtt.broker.pki.PkiFixtures.subjectKeyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.tls.Certificates;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldCertificateTest {
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private final HeldCertificate root =
      HeldCertificate.builder()
          .clock(at(T0))
          .commonName("Test Root")
          .organization("Tests")
          .certificateAuthority(1)
          .validityDays(100)
          .build();

  @Test
  void rootIsASelfSignedV3AuthorityWithCriticalConstraints() throws Exception {
    X509Certificate certificate = root.certificate();

    assertThat(certificate.getVersion()).isEqualTo(3);
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Test Root,O=Tests");
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(certificate.getSubjectX500Principal());
    assertThat(certificate.getBasicConstraints()).isEqualTo(1);
    assertThat(certificate.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
    // keyCertSign (5) and cRLSign (6) only.
    assertThat(certificate.getKeyUsage())
        .containsExactly(false, false, false, false, false, true, true, false, false);
    assertThat(certificate.getExtendedKeyUsage()).isNull();
    assertThat(authorityKeyId(certificate)).isEqualTo(subjectKeyId(certificate));
    assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(
            ((ECPublicKey) certificate.getPublicKey())
                .getParams()
                .getCurve()
                .getField()
                .getFieldSize())
        .isEqualTo(256);
    certificate.verify(certificate.getPublicKey());
  }

  @Test
  void validityStartsAnHourBackForClockSkewAndLastsTheGivenDays() {
    X509Certificate certificate = root.certificate();

    assertThat(certificate.getNotBefore().toInstant()).isEqualTo(T0.minus(Duration.ofHours(1)));
    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofDays(100)));
  }

  @Test
  void leafIsLinkedToItsIssuerAndCarriesUsageAndNames() throws Exception {
    HeldCertificate leaf =
        HeldCertificate.builder()
            .clock(at(T0))
            .commonName("broker")
            .serverAuth()
            .addSubjectAltName("10.1.2.3")
            .addSubjectAltName("2001:db8::7")
            .addSubjectAltName("broker.lan")
            .validityDays(30)
            .signedBy(root)
            .build();
    X509Certificate certificate = leaf.certificate();

    certificate.verify(root.certificate().getPublicKey());
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(root.certificate().getSubjectX500Principal());
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(certificate.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
    // digitalSignature only: an EC key does no key encipherment.
    assertThat(certificate.getKeyUsage())
        .containsExactly(true, false, false, false, false, false, false, false, false);
    assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(authorityKeyId(certificate)).isEqualTo(subjectKeyId(root.certificate()));
    assertThat(subjectKeyId(certificate)).isNotEqualTo(subjectKeyId(root.certificate()));
    assertThat(certificate.getSubjectAlternativeNames())
        .containsExactly(
            List.of(7, "10.1.2.3"), List.of(7, "2001:db8:0:0:0:0:0:7"), List.of(2, "broker.lan"));
  }

  @Test
  void serialsAreRandomPositiveAndSixteenBytes() {
    var first = clientOf(root).certificate().getSerialNumber();
    var second = clientOf(root).certificate().getSerialNumber();

    assertThat(first.signum()).isEqualTo(1);
    assertThat(first.bitLength()).isEqualTo(127);
    assertThat(first.toByteArray()).hasSize(16);
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void refusesACertificateThatWouldOutliveItsIssuer() {
    HeldCertificate.Builder tooLong =
        HeldCertificate.builder()
            .clock(at(T0))
            .commonName("alice")
            .validityDays(101)
            .signedBy(root);

    assertThatThrownBy(tooLong::build)
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "A certificate valid until 2026-04-21 would outlive its issuer 'Test Root', which"
                + " expires on 2026-04-20; choose a shorter validity, or renew the issuer.");
  }

  @Test
  void aCertificateMayEndExactlyWithItsIssuer() {
    HeldCertificate leaf =
        HeldCertificate.builder()
            .clock(at(T0))
            .commonName("alice")
            .validityDays(100)
            .signedBy(root)
            .build();

    assertThat(leaf.certificate().getNotAfter()).isEqualTo(root.certificate().getNotAfter());
  }

  @Test
  void onlyAuthoritiesSignAndPathLengthZeroSignsNoFurtherAuthority() {
    HeldCertificate intermediate =
        HeldCertificate.builder()
            .clock(at(T0))
            .commonName("Intermediate")
            .certificateAuthority(0)
            .validityDays(50)
            .signedBy(root)
            .build();
    HeldCertificate leaf = clientOf(intermediate);

    assertThat(intermediate.certificate().getBasicConstraints()).isZero();
    assertThatThrownBy(() -> clientOf(leaf))
        .isInstanceOf(PkiException.class)
        .hasMessage("'alice' is not a certificate authority and cannot sign certificates.");
    assertThatThrownBy(
            () ->
                HeldCertificate.builder()
                    .clock(at(T0))
                    .commonName("Sub")
                    .certificateAuthority(0)
                    .validityDays(10)
                    .signedBy(intermediate)
                    .build())
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("may sign only end-entity certificates (path length 0)");
  }

  @Test
  void rsaLeavesAre2048BitWithKeyEncipherment() throws Exception {
    HeldCertificate rsaLeaf =
        HeldCertificate.builder()
            .clock(at(T0))
            .commonName("rsa")
            .keyType(KeyType.RSA)
            .clientAuth()
            .validityDays(10)
            .signedBy(root)
            .build();

    var key = (java.security.interfaces.RSAPublicKey) rsaLeaf.certificate().getPublicKey();
    assertThat(key.getModulus().bitLength()).isEqualTo(2048);
    assertThat(rsaLeaf.keyType()).isEqualTo(KeyType.RSA);
    // Signed by the EC root, so the signature is ECDSA whatever the subject's key.
    assertThat(rsaLeaf.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(rsaLeaf.certificate().getKeyUsage())
        .containsExactly(true, false, true, false, false, false, false, false, false);
    assertThat(rsaLeaf.certificate().getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
  }

  @Test
  void explicitValidityIsKeptToTheSecond() {
    Instant from = Instant.parse("2026-02-01T00:00:00.750Z");
    Instant to = Instant.parse("2026-03-01T00:00:00Z");

    HeldCertificate leaf =
        HeldCertificate.builder().commonName("alice").validity(from, to).signedBy(root).build();

    assertThat(leaf.certificate().getNotBefore().toInstant()).isEqualTo("2026-02-01T00:00:00Z");
    assertThat(leaf.certificate().getNotAfter().toInstant()).isEqualTo(to);
  }

  @Test
  void refusesBadBuilderValuesAtOnce() {
    HeldCertificate.Builder builder = HeldCertificate.builder();

    assertThatThrownBy(() -> builder.validityDays(0)).hasMessageContaining("give 1 day or more");
    assertThatThrownBy(() -> builder.commonName("x".repeat(65))).hasMessageContaining("1 to 64");
    assertThatThrownBy(() -> builder.commonName("a\nb")).hasMessageContaining("printable");
    assertThatThrownBy(() -> builder.certificateAuthority(-1)).hasMessageContaining("0 or more");
    assertThatThrownBy(builder::build).hasMessageContaining("needs a common name");
  }

  @Test
  void ofRefusesAKeyThatIsNotTheCertificates() {
    HeldCertificate other = clientOf(root);

    assertThat(
            HeldCertificate.of(root.certificate(), root.keyPair().getPrivate())
                .keyPair()
                .getPublic())
        .isEqualTo(root.certificate().getPublicKey());
    assertThatThrownBy(() -> HeldCertificate.of(root.certificate(), other.keyPair().getPrivate()))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("does not belong to the certificate of 'Test Root'");
  }

  @Test
  void privateKeysArePkcs8AndEncryptedOnesReadBackOnlyWithThePassphrase(@TempDir Path dir)
      throws Exception {
    Path plain = dir.resolve("plain.key");
    Path encrypted = dir.resolve("encrypted.key");
    Files.writeString(plain, root.privateKeyPem());
    Files.writeString(encrypted, root.privateKeyPem("s3cret pass".toCharArray()));

    assertThat(Files.readString(plain)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(encrypted)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(PemFiles.readPrivateKey(plain, null)).isEqualTo(root.keyPair().getPrivate());
    assertThat(PemFiles.readPrivateKey(encrypted, "s3cret pass".toCharArray()))
        .isEqualTo(root.keyPair().getPrivate());
    assertThatThrownBy(() -> PemFiles.readPrivateKey(encrypted, "wrong".toCharArray()))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("passphrase does not open " + encrypted)
        .hasMessageNotContaining("wrong");
    assertThatThrownBy(() -> PemFiles.readPrivateKey(encrypted, null))
        .hasMessage(encrypted + " is encrypted; give the CA passphrase to use it.");
    assertThat(root.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void toStringNamesTheSubject() {
    assertThat(root).hasToString("HeldCertificate[CN=Test Root, O=Tests]");
  }

  @Test
  void certifiesAGivenKeyPairWithAGivenSerial() {
    KeyPair keys = HeldCertificate.generateKeyPair(KeyType.EC, false);
    BigInteger serial = new BigInteger("0123456789ABCDEF", 16);

    HeldCertificate leaf =
        HeldCertificate.builder()
            .keyPair(keys)
            .serialNumber(serial)
            .addSubjectAltName(new GeneralName(GeneralName.dNSName, "broker.lan"))
            .clock(at(T0))
            .commonName("broker")
            .validityDays(10)
            .signedBy(root)
            .build();

    assertThat(leaf.keyPair()).isSameAs(keys);
    assertThat(leaf.certificate().getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(leaf.certificate().getSerialNumber()).isEqualTo(serial);
    assertThat(Certificates.subjectAltNames(leaf.certificate()))
        .extracting(Object::toString)
        .containsExactly("DNS:broker.lan");
  }

  @Test
  void rsaAuthoritiesGet4096BitKeysEvenWithPathLengthZero() {
    HeldCertificate signing =
        HeldCertificate.builder()
            .clock(at(T0))
            .commonName("RSA Signing CA")
            .keyType(KeyType.RSA)
            .certificateAuthority(0)
            .validityDays(10)
            .signedBy(root)
            .build();

    assertThat(((RSAPublicKey) signing.certificate().getPublicKey()).getModulus().bitLength())
        .isEqualTo(4096);
  }

  @Test
  void theAuthorityKeyIdIsTheIssuersSubjectKeyIdAsItStands() throws Exception {
    // A CA made elsewhere, whose key identifier is not the SHA-1 hash of its key that we compute.
    KeyPair keys = HeldCertificate.generateKeyPair(KeyType.EC, true);
    byte[] ownId = {1, 2, 3, 4, 5, 6, 7, 8};
    HeldCertificate foreign =
        HeldCertificate.of(
            selfSigned(
                keys,
                new X500Name("CN=Foreign CA"),
                new Extension(
                    Extension.basicConstraints, true, new BasicConstraints(0).getEncoded()),
                new Extension(
                    Extension.subjectKeyIdentifier,
                    false,
                    new SubjectKeyIdentifier(ownId).getEncoded())),
            keys.getPrivate());

    assertThat(authorityKeyId(clientOf(foreign).certificate())).isEqualTo(ownId);
  }

  @Test
  void anIssuerWithoutSubjectKeyIdGetsTheHashOfItsKeyAsAuthorityKeyId() throws Exception {
    KeyPair keys = HeldCertificate.generateKeyPair(KeyType.EC, true);
    HeldCertificate bare =
        HeldCertificate.of(
            selfSigned(
                keys,
                new X500Name("CN=Bare CA"),
                new Extension(
                    Extension.basicConstraints, true, new BasicConstraints(0).getEncoded())),
            keys.getPrivate());
    byte[] keyBits =
        SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
            .getPublicKeyData()
            .getBytes();

    assertThat(authorityKeyId(clientOf(bare).certificate()))
        .isEqualTo(MessageDigest.getInstance("SHA-1").digest(keyBits));
  }

  @Test
  void ofRefusesAKeyOfAnotherType() {
    KeyPair rsa = HeldCertificate.generateKeyPair(KeyType.RSA, false);

    assertThatThrownBy(() -> HeldCertificate.of(root.certificate(), rsa.getPrivate()))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "The private key does not belong to the certificate of 'Test Root'; use the key the"
                + " certificate was made for.");
  }

  @Test
  void ofRefusesACertificateWhoseKeyTheKitCannotSignWithEvenWithItsOwnKey() throws Exception {
    // An Ed25519 certificate and its own private key belong together, but the kit signs
    // certificates and CRLs only with EC or RSA keys: holding one would fail at the first
    // signature, so it is refused up front.
    KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    X500Name subject = new X500Name("CN=Edwards CA");
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        subject,
                        BigInteger.ONE,
                        Date.from(T0),
                        Date.from(T0.plus(Duration.ofDays(10))),
                        subject,
                        ed25519.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .build(new JcaContentSignerBuilder("Ed25519").build(ed25519.getPrivate())));

    assertThatThrownBy(() -> HeldCertificate.of(certificate, ed25519.getPrivate()))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("does not belong to the certificate of 'Edwards CA'");
  }

  private static HeldCertificate clientOf(HeldCertificate issuer) {
    return HeldCertificate.builder()
        .clock(at(T0))
        .commonName("alice")
        .clientAuth()
        .validityDays(10)
        .signedBy(issuer)
        .build();
  }

  @Test
  void extendedKeyUsageIsFoundOnlyWhenTheCertificateNamesIt() throws Exception {
    HeldCertificate root =
        HeldCertificate.builder()
            .clock(at(T0))
            .commonName("Root")
            .certificateAuthority(0)
            .validityDays(10)
            .build();
    HeldCertificate server =
        HeldCertificate.builder()
            .clock(at(T0))
            .commonName("broker")
            .serverAuth()
            .validityDays(10)
            .signedBy(root)
            .build();

    assertThat(Certificates.hasExtendedKeyUsage(server.certificate(), Certificates.SERVER_AUTH))
        .isTrue();
    assertThat(Certificates.hasExtendedKeyUsage(server.certificate(), Certificates.CLIENT_AUTH))
        .isFalse();
    assertThat(root.certificate().getExtendedKeyUsage()).isNull();
    assertThat(Certificates.hasExtendedKeyUsage(root.certificate(), Certificates.SERVER_AUTH))
        .isFalse();
  }

  @Test
  void theCommonNameIsTheCnOrElseTheWholeSubject() {
    X509Certificate named =
        selfSigned(
            HeldCertificate.generateKeyPair(KeyType.EC, false),
            new X500Name("O=Tests,CN=sensor-1"));
    X509Certificate unnamed =
        selfSigned(
            HeldCertificate.generateKeyPair(KeyType.EC, false), new X500Name("O=Tests,OU=Lab"));

    assertThat(HeldCertificate.commonNameOf(named)).isEqualTo("sensor-1");
    assertThat(HeldCertificate.commonNameOf(unnamed)).isEqualTo("O=Tests,OU=Lab");
  }

  @Test
  void aCnThatIsNotTextIsShownAsItsValue() {
    X509Certificate numbered =
        selfSigned(
            HeldCertificate.generateKeyPair(KeyType.EC, false),
            new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, new ASN1Integer(7)).build());

    assertThat(HeldCertificate.commonNameOf(numbered)).isEqualTo("7");
  }
}
