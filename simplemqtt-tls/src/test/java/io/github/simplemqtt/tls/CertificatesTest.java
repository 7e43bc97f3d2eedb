package io.github.simplemqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.tls.testing.OpenSsl;
import io.github.simplemqtt.tls.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  private static final KeyPair KEYS = TestCertificates.ecKeyPair();

  @TempDir static Path dir;
  static OpenSsl openssl;
  static X509Certificate root;
  static X509Certificate signing;
  static X509Certificate alice;
  static X509Certificate server;

  @BeforeAll
  static void pki() {
    openssl = new OpenSsl(dir);
    root = Pem.readCertificates(openssl.rootCa("root", "Test Root CA")).get(0);
    signing = Pem.readCertificates(openssl.subCa("signing", "Test Signing CA", "root")).get(0);
    alice = Pem.readCertificates(openssl.client("alice", "alice", "signing", 30)).get(0);
    server =
        Pem.readCertificates(
                openssl.server("server", "broker", "signing", "IP:127.0.0.1,DNS:localhost,IP:::1"))
            .get(0);
  }

  private static X509Certificate selfSigned(X500Name subject, Extension... extensions) {
    return TestCertificates.selfSigned(
        KEYS, subject, T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofDays(365)), extensions);
  }

  private static Extension extension(
      ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    try {
      return new Extension(oid, critical, value.toASN1Primitive().getEncoded());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  // ---- names ----

  @Test
  void aCertificateWithoutCommonNameIsNamedByItsWholeSubject() {
    openssl.ecKey("no-cn.key");
    openssl.run(
        "req",
        "-config",
        "openssl.cnf",
        "-x509",
        "-new",
        "-key",
        "no-cn.key",
        "-subj",
        "/O=Acme/OU=Lab",
        "-days",
        "1",
        "-out",
        "no-cn.crt");
    X509Certificate noCn = Pem.readCertificates(openssl.path("no-cn.crt")).get(0);

    assertThat(Certificates.name(noCn)).isEqualTo("OU=Lab,O=Acme");
    assertThat(Certificates.issuerName(noCn)).isEqualTo("OU=Lab,O=Acme");
    assertThat(Certificates.name(alice)).isEqualTo("CN=alice");
    assertThat(Certificates.issuerName(alice)).isEqualTo("CN=Test Signing CA");
    // The subject in its own order, as the kit and the doctor name a certificate without CN.
    assertThat(Certificates.subject(noCn)).isEqualTo("O=Acme,OU=Lab");
    assertThat(Certificates.issuer(noCn)).isEqualTo("O=Acme,OU=Lab");
    assertThat(Certificates.commonName(noCn)).isEmpty();
    assertThat(Certificates.escapedCommonName(noCn)).isEmpty();
    assertThat(Certificates.issuerCommonName(noCn)).isEmpty();
  }

  @Test
  void theCommonNameIsTheCnOrElseEmptyAndTheSubjectKeepsItsOrder() {
    X509Certificate named = selfSigned(new X500Name("O=Tests,CN=sensor-1"));
    X509Certificate unnamed = selfSigned(new X500Name("O=Tests,OU=Lab"));

    assertThat(Certificates.commonName(named)).contains("sensor-1");
    assertThat(Certificates.issuerCommonName(named)).contains("sensor-1");
    assertThat(Certificates.commonName(unnamed)).isEmpty();
    assertThat(Certificates.subject(unnamed)).isEqualTo("O=Tests,OU=Lab");
    assertThat(Certificates.name(unnamed)).isEqualTo("OU=Lab,O=Tests");
    assertThat(Certificates.subject(named)).isEqualTo("O=Tests,CN=sensor-1");
  }

  @Test
  void aCnThatIsNotTextIsItsValueAsTextAndHexInMessages() {
    X509Certificate numbered =
        selfSigned(
            new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, new ASN1Integer(7)).build());

    assertThat(Certificates.commonName(numbered)).contains("7");
    assertThat(Certificates.escapedCommonName(numbered)).contains("#020107");
    assertThat(Certificates.name(numbered)).isEqualTo("CN=#020107");
    assertThat(Certificates.issuerName(numbered)).isEqualTo("CN=#020107");
  }

  @Test
  void aCnWithSpecialCharactersIsEscapedOnlyInMessages() {
    X509Certificate special =
        selfSigned(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "a,b+c").build());

    assertThat(Certificates.commonName(special)).contains("a,b+c");
    assertThat(Certificates.escapedCommonName(special)).contains("a\\,b\\+c");
    assertThat(Certificates.name(special)).isEqualTo("CN=a\\,b\\+c");
  }

  @Test
  void namesAreCommaSeparated() {
    assertThat(Certificates.names(List.of(alice, signing, root)))
        .isEqualTo("CN=alice, CN=Test Signing CA, CN=Test Root CA");
    assertThat(Certificates.names(List.of())).isEmpty();
  }

  // ---- subjectAltName ----

  @Test
  void subjectAltNamesAreListedInOrderWithIpv6InFullAndShort() {
    List<SubjectAltName> names = Certificates.subjectAltNames(server);

    assertThat(names)
        .containsExactly(
            new SubjectAltName(SubjectAltName.Type.IP, "127.0.0.1"),
            new SubjectAltName(SubjectAltName.Type.DNS, "localhost"),
            new SubjectAltName(SubjectAltName.Type.IP, "0:0:0:0:0:0:0:1"));
    assertThat(names)
        .extracting(SubjectAltName::shortValue)
        .containsExactly("127.0.0.1", "localhost", "::1");
    assertThat(names)
        .extracting(SubjectAltName::toString)
        .containsExactly("IP:127.0.0.1", "DNS:localhost", "IP:::1");
    assertThat(Certificates.subjectAltNames(alice)).isEmpty();
  }

  @Test
  void entriesThatAreNeitherNamesNorAddressesAreOther() {
    X509Certificate mail =
        selfSigned(
            new X500Name("CN=mail"),
            extension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(
                    new GeneralName[] {
                      new GeneralName(GeneralName.rfc822Name, "ops@example.org"),
                      new GeneralName(GeneralName.dNSName, "*.example.org")
                    })));

    assertThat(Certificates.subjectAltNames(mail))
        .extracting(SubjectAltName::toString)
        .containsExactly("OTHER:1: ops@example.org", "DNS:*.example.org");
  }

  @Test
  void aDamagedSubjectAltNameCoversNothing() {
    X509Certificate damaged =
        selfSigned(
            new X500Name("CN=damaged"),
            extension(Extension.subjectAlternativeName, false, new DERUTF8String("no names")));

    assertThat(Certificates.subjectAltNames(damaged)).isEmpty();
    assertThat(Certificates.covers(damaged, "damaged")).isFalse();
  }

  @Test
  void coversHostsAsATlsClientChecksThem() {
    assertThat(Certificates.covers(server, "127.0.0.1")).isTrue();
    assertThat(Certificates.covers(server, "::1")).isTrue();
    assertThat(Certificates.covers(server, "[::1]")).isTrue();
    assertThat(Certificates.covers(server, "0:0:0:0:0:0:0:1")).isTrue();
    assertThat(Certificates.covers(server, "localhost")).isTrue();
    assertThat(Certificates.covers(server, "LocalHost.")).isTrue();
    assertThat(Certificates.covers(server, "10.0.0.5")).isFalse();
    assertThat(Certificates.covers(server, "::zz")).as("not an address at all").isFalse();
    assertThat(Certificates.covers(server, "broker")).as("the CN is not looked at").isFalse();
    // An address is never matched against a DNS entry, nor a name against an IP entry.
    assertThat(Certificates.covers(server, "127.0.0.1.example")).isFalse();

    X509Certificate wildcard =
        selfSigned(
            new X500Name("CN=wild"),
            extension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "*.example.org"))));
    assertThat(Certificates.covers(wildcard, "broker.example.org")).isTrue();
    assertThat(Certificates.covers(wildcard, "a.broker.example.org")).isFalse();
    assertThat(Certificates.covers(wildcard, "example.org")).isFalse();
    assertThat(Certificates.covers(wildcard, ".example.org")).isFalse();
  }

  @Test
  void aDnsEntryWithTheRootsTrailingDotCoversTheNameWithOrWithoutIt() {
    X509Certificate rooted =
        selfSigned(
            new X500Name("CN=rooted"),
            extension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(
                    new GeneralName[] {
                      new GeneralName(GeneralName.dNSName, "broker.example.org."),
                      new GeneralName(GeneralName.dNSName, "*.lan.")
                    })));

    assertThat(Certificates.covers(rooted, "broker.example.org")).isTrue();
    assertThat(Certificates.covers(rooted, "Broker.Example.Org.")).isTrue();
    assertThat(Certificates.covers(rooted, "pi.lan")).isTrue();
    assertThat(Certificates.covers(rooted, "broker.example.net")).isFalse();
    assertThat(Certificates.covers(rooted, "lan")).isFalse();
  }

  // ---- key usage ----

  @Test
  void extendedKeyUsageIsListedWhenPresentAndAbsentMeansAny() {
    assertThat(Certificates.extendedKeyUsage(alice)).contains(List.of(Certificates.CLIENT_AUTH));
    assertThat(Certificates.extendedKeyUsage(server)).contains(List.of(Certificates.SERVER_AUTH));
    assertThat(Certificates.extendedKeyUsage(root)).isEmpty();
    assertThat(Certificates.hasExtendedKeyUsage(server, Certificates.SERVER_AUTH)).isTrue();
    assertThat(Certificates.hasExtendedKeyUsage(server, Certificates.CLIENT_AUTH)).isFalse();
    assertThat(Certificates.hasExtendedKeyUsage(root, Certificates.SERVER_AUTH)).isFalse();
    assertThat(Certificates.SERVER_AUTH).isEqualTo(KeyPurposeId.id_kp_serverAuth.getId());
    assertThat(Certificates.CLIENT_AUTH).isEqualTo(KeyPurposeId.id_kp_clientAuth.getId());
    assertThat(Certificates.ANY_EXTENDED_KEY_USAGE)
        .isEqualTo(KeyPurposeId.anyExtendedKeyUsage.getId());
  }

  @Test
  void aDamagedExtendedKeyUsageGrantsNoPurpose() {
    X509Certificate damaged =
        selfSigned(
            new X500Name("CN=damaged"),
            extension(Extension.extendedKeyUsage, false, new DERUTF8String("not a list")));
    assertThatThrownBy(damaged::getExtendedKeyUsage)
        .as("the provider reports the damage")
        .isInstanceOf(CertificateParsingException.class);

    assertThat(Certificates.extendedKeyUsage(damaged)).contains(List.of());
    assertThat(Certificates.hasExtendedKeyUsage(damaged, Certificates.SERVER_AUTH)).isFalse();
  }

  @Test
  void usagesAreDescribedByTheirNames() {
    assertThat(
            Certificates.describeExtendedKeyUsages(
                List.of(
                    Certificates.SERVER_AUTH,
                    Certificates.CLIENT_AUTH,
                    Certificates.ANY_EXTENDED_KEY_USAGE,
                    KeyPurposeId.id_kp_codeSigning.getId(),
                    KeyPurposeId.id_kp_emailProtection.getId(),
                    "1.2.3.4")))
        .isEqualTo(
            "serverAuth, clientAuth, anyExtendedKeyUsage, codeSigning, emailProtection, 1.2.3.4");
    assertThat(Certificates.describeExtendedKeyUsages(List.of())).isEmpty();
  }

  @Test
  void digitalSignatureIsAllowedWithoutKeyUsageOrWhenTheKeyUsageNamesIt() {
    X509Certificate signingOnly =
        selfSigned(
            new X500Name("CN=s"),
            extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
    X509Certificate encipherOnly =
        selfSigned(
            new X500Name("CN=e"),
            extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment)));
    X509Certificate noUsage = selfSigned(new X500Name("CN=n"));
    X509Certificate withEku =
        selfSigned(
            new X500Name("CN=k"),
            extension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)));

    assertThat(Certificates.allowsDigitalSignature(signingOnly)).isTrue();
    assertThat(Certificates.allowsDigitalSignature(encipherOnly)).isFalse();
    assertThat(Certificates.allowsDigitalSignature(noUsage)).isTrue();
    assertThat(Certificates.allowsDigitalSignature(alice)).isTrue();
    assertThat(Certificates.allowsDigitalSignature(root)).as("keyCertSign, cRLSign").isFalse();
    assertThat(Certificates.hasExtendedKeyUsage(withEku, Certificates.SERVER_AUTH)).isTrue();
  }

  // ---- issuers and validity ----

  @Test
  void issuersAreFoundBySubjectAndSignature() {
    assertThat(Certificates.isIssuedBy(alice, signing)).isTrue();
    assertThat(Certificates.isIssuedBy(signing, root)).isTrue();
    assertThat(Certificates.isIssuedBy(alice, root)).isFalse();
    assertThat(Certificates.isSelfSigned(root)).isTrue();
    assertThat(Certificates.isSelfSigned(signing)).isFalse();
    assertThat(Certificates.isCa(root)).isTrue();
    assertThat(Certificates.isCa(signing)).isTrue();
    assertThat(Certificates.isCa(alice)).isFalse();
    X509Certificate leavesOnly =
        selfSigned(
            new X500Name("CN=path length 0"),
            extension(Extension.basicConstraints, true, new BasicConstraints(0)));
    assertThat(leavesOnly.getBasicConstraints()).isZero();
    assertThat(Certificates.isCa(leavesOnly)).as("a CA that signs leaves only").isTrue();

    // Same subject, other key: a decoy CA whose name matches does not count.
    openssl.rootCa("decoy-root", "Test Root CA");
    X509Certificate decoy = Pem.readCertificates(openssl.path("decoy-root.crt")).get(0);
    assertThat(Certificates.isIssuedBy(signing, decoy)).isFalse();
  }

  @Test
  void daysAreUtcDates() {
    assertThat(Certificates.day(Instant.parse("2026-01-02T23:59:59Z"))).isEqualTo("2026-01-02");
    assertThat(Certificates.day(Instant.parse("2026-01-03T00:00:00Z"))).isEqualTo("2026-01-03");
  }
}
