package io.github.simplemqtt.broker.pki;

import static io.github.simplemqtt.broker.pki.PkiFixtures.T0;
import static io.github.simplemqtt.broker.pki.PkiFixtures.at;
import static io.github.simplemqtt.broker.pki.PkiFixtures.authorityKeyId;
import static io.github.simplemqtt.broker.pki.PkiFixtures.certificate;
import static io.github.simplemqtt.broker.pki.PkiFixtures.certificates;
import static io.github.simplemqtt.broker.pki.PkiFixtures.crl;
import static io.github.simplemqtt.broker.pki.PkiFixtures.permissions;
import static io.github.simplemqtt.broker.pki.PkiFixtures.snapshot;
import static io.github.simplemqtt.broker.pki.PkiFixtures.subjectKeyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.simplemqtt.broker.pki.CertificateInfo.Role;
import io.github.simplemqtt.broker.pki.CertificateInfo.State;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PkiTest {
  @TempDir Path brokerDir;
  private Path certs;
  private Pki pki;

  @BeforeEach
  void createPki() {
    certs = brokerDir.resolve("certs");
    pki =
        Pki.create(
            certs,
            PkiOptions.builder()
                .clock(at(T0))
                .serverHosts(List.of("192.168.1.103", "pi.lan"))
                .build());
  }

  private static Duration days(long days) {
    return Duration.ofDays(days);
  }

  private Pki openAt(Instant now) {
    return Pki.open(certs, null, at(now));
  }

  @Test
  void createReportsEachKeyBeforeMakingIt() {
    List<String> steps = new java.util.ArrayList<>();

    Pki.create(brokerDir.resolve("other"), PkiOptions.builder().progress(steps::add).build());

    assertThat(steps)
        .containsExactly(
            "root CA key (EC P-256)", "signing CA key (EC P-256)", "server key (EC P-256)");
  }

  @Test
  void createWritesTheFixedFilesWithKeysPrivate() throws Exception {
    assertThat(certs.resolve("rootCA.crt")).isEqualTo(pki.rootCertificate());
    for (String name : List.of("rootCA.key", "signingCA.key", "server.key")) {
      assertThat(permissions(certs.resolve(name))).as(name).isEqualTo("rw-------");
      assertThat(Files.readString(certs.resolve(name))).startsWith("-----BEGIN PRIVATE KEY-----");
    }
    for (String name : List.of("rootCA.crt", "signingCA.crt", "server.crt", "crl.pem")) {
      assertThat(permissions(certs.resolve(name))).as(name).isEqualTo("rw-r--r--");
    }
    assertThat(pki.isLocked()).isFalse();
    assertThat(pki.keyType()).isEqualTo(KeyType.EC);
  }

  @Test
  void theChainIsRootThenSigningCaThenServerAndNoneOutlivesItsIssuer() throws Exception {
    X509Certificate root = certificate(pki.rootCertificate());
    X509Certificate signing = certificate(pki.signingCertificate());
    List<X509Certificate> serverFile = certificates(pki.serverCertificate());
    X509Certificate server = serverFile.get(0);

    assertThat(serverFile).hasSize(2);
    assertThat(serverFile.get(1)).isEqualTo(signing);
    assertThat(List.of(root, signing, server))
        .allSatisfy(c -> assertThat(c.getVersion()).isEqualTo(3));
    assertThat(root.getBasicConstraints()).isEqualTo(1);
    assertThat(signing.getBasicConstraints()).isZero();
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(root.getSubjectX500Principal().getName())
        .matches("CN=simplemqtt Root CA [0-9a-f]{8},O=simplemqtt");
    assertThat(signing.getSubjectX500Principal().getName())
        .matches("CN=simplemqtt Signing CA [0-9a-f]{8},O=simplemqtt");
    signing.verify(root.getPublicKey());
    server.verify(signing.getPublicKey());
    assertThat(authorityKeyId(signing)).isEqualTo(subjectKeyId(root));
    assertThat(authorityKeyId(server)).isEqualTo(subjectKeyId(signing));
    assertThat(root.getNotAfter().toInstant()).isEqualTo(T0.plus(days(7300)));
    assertThat(signing.getNotAfter().toInstant()).isEqualTo(T0.plus(days(3650)));
    assertThat(server.getNotAfter().toInstant()).isEqualTo(T0.plus(days(825)));
    assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=192.168.1.103");
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(server.getSubjectAlternativeNames())
        .containsExactly(
            List.of(7, "192.168.1.103"),
            List.of(2, "pi.lan"),
            List.of(2, "localhost"),
            List.of(7, "127.0.0.1"),
            List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(List.of(root, signing, server))
        .allSatisfy(c -> assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA"));
    assertThat(
            HeldCertificate.of(server, PemFiles.readPrivateKey(pki.serverKey(), null))
                .certificate())
        .isEqualTo(server);
  }

  @Test
  void theCrlExistsFromTheStartSignedByTheSigningCa() throws Exception {
    X509CRL crl = crl(pki.crl());
    X509Certificate signing = certificate(pki.signingCertificate());

    crl.verify(signing.getPublicKey());
    assertThat(crl.getVersion()).isEqualTo(2);
    assertThat(crl.getIssuerX500Principal()).isEqualTo(signing.getSubjectX500Principal());
    assertThat(crl.getRevokedCertificates()).isNull();
    assertThat(crlNumber(crl)).isEqualTo(1);
    assertThat(authorityKeyId(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())))
        .isEqualTo(subjectKeyId(signing));
    assertThat(crl.getNextUpdate().toInstant()).isEqualTo(T0.plus(days(365)));
  }

  @Test
  void listShowsTheAuthoritiesAndTheServer() {
    List<CertificateInfo> list = pki.list();

    assertThat(list)
        .extracting(CertificateInfo::role, CertificateInfo::state)
        .containsExactly(
            tuple(Role.ROOT_CA, State.VALID),
            tuple(Role.SIGNING_CA, State.VALID),
            tuple(Role.SERVER, State.VALID));
    CertificateInfo server = list.get(2);
    assertThat(server.commonName()).isEqualTo("192.168.1.103");
    assertThat(server.serialHex()).matches("[4-7][0-9A-F]{31}");
    assertThat(server.file()).isEqualTo(certs.resolve("issued/" + server.serialHex() + ".crt"));
    assertThat(server.notAfter()).isEqualTo(T0.plus(days(825)));
    assertThat(server.subjectAltNames())
        .containsExactly(
            "IP:192.168.1.103", "DNS:pi.lan", "DNS:localhost", "IP:127.0.0.1", "IP:::1");
  }

  @Test
  void clientBundleHoldsLeafAndSigningCaTheChainAndAPrivateKey() throws Exception {
    Path out = brokerDir.resolve("clients/alice");

    ClientBundle bundle = pki.issueClient("alice", out, 825);

    assertThat(bundle.directory()).isEqualTo(out);
    assertThat(bundle.certificateFile()).isEqualTo(out.resolve("client.crt"));
    assertThat(bundle.keyFile()).isEqualTo(out.resolve("client.key"));
    assertThat(bundle.chainFile()).isEqualTo(out.resolve("chain.crt"));
    X509Certificate root = certificate(pki.rootCertificate());
    X509Certificate signing = certificate(pki.signingCertificate());
    List<X509Certificate> presented = certificates(bundle.certificateFile());
    X509Certificate leaf = presented.get(0);
    assertThat(presented).containsExactly(leaf, signing);
    assertThat(certificates(bundle.chainFile())).containsExactly(signing, root);
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(leaf.getSubjectAlternativeNames()).isNull();
    assertThat(leaf.getSerialNumber().bitLength()).isEqualTo(127);
    leaf.verify(signing.getPublicKey());
    assertThat(permissions(bundle.keyFile())).isEqualTo("rw-------");
    assertThat(permissions(bundle.certificateFile())).isEqualTo("rw-r--r--");
    assertThat(
            HeldCertificate.of(leaf, PemFiles.readPrivateKey(bundle.keyFile(), null)).certificate())
        .isEqualTo(leaf);
    assertThat(bundle.certificate().serialHex())
        .isEqualTo(leaf.getSerialNumber().toString(16).toUpperCase());
    assertThat(
            certificate(pki.issuedDirectory().resolve(bundle.certificate().serialHex() + ".crt")))
        .isEqualTo(leaf);
    assertThat(pki.list())
        .filteredOn(info -> info.role() == Role.CLIENT)
        .extracting(CertificateInfo::commonName, CertificateInfo::state)
        .containsExactly(tuple("alice", State.VALID));
    assertThat(crlNumber(crl(pki.crl()))).as("issuing renews the CRL").isEqualTo(2);
  }

  @Test
  void refusesACertificateThatWouldOutliveTheSigningCaAndWritesNothing() throws Exception {
    Map<String, String> before = snapshot(brokerDir);
    Pki later = openAt(T0.plus(days(10)));

    assertThatThrownBy(() -> later.issueClient("alice", brokerDir.resolve("clients/alice"), 4000))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "A certificate valid for 4000 days would outlive the signing CA, which expires on"
                + " 2036-01-08; choose --days 3640 or fewer, or renew the CA.");
    assertThatThrownBy(() -> later.issueServer(List.of("10.0.0.1"), 3641))
        .hasMessageContaining("choose --days 3640 or fewer");
    assertThat(snapshot(brokerDir)).isEqualTo(before);

    ClientBundle longest = later.issueClient("bob", brokerDir.resolve("clients/bob"), 3640);
    assertThat(longest.certificate().notAfter()).isEqualTo(T0.plus(days(3650)));
  }

  @Test
  void refusedOperationsChangeNoFile() throws Exception {
    Map<String, String> before = snapshot(brokerDir);

    assertThatThrownBy(() -> pki.issueClient("alice", brokerDir.resolve("clients/alice"), 0))
        .hasMessage("A validity of 0 days is refused; give 1 day or more.");
    assertThatThrownBy(() -> pki.issueServer(List.of("10.0.0.1", "not a host"), 100))
        .hasMessageContaining("'not a host' is neither an IP address nor a host name");
    assertThatThrownBy(() -> pki.revoke("nobody"))
        .hasMessage("No certificate was issued to client 'nobody'; check the name in the list.");
    assertThatThrownBy(() -> pki.revokeSerial("ABCDEF"))
        .hasMessage(
            "No certificate with serial ABCDEF was issued by this PKI; check the serial in the list.");
    assertThatThrownBy(() -> pki.revokeSerial("xyz"))
        .hasMessageContaining("'xyz' is not a serial number");
    Files.writeString(brokerDir.resolve("a-file"), "x");
    before = snapshot(brokerDir);
    assertThatThrownBy(() -> pki.issueClient("carol", brokerDir.resolve("a-file"), 10))
        .hasMessageContaining("is a file, not a folder");

    assertThat(snapshot(brokerDir)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a:b",
        "a/b",
        "../up",
        ".hidden",
        "tab\tname",
        "new\nline",
        "with space",
        "ünïcode",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void refusesBadClientNamesAndWritesNothing(String name) throws Exception {
    Map<String, String> before = snapshot(brokerDir);

    assertThatThrownBy(() -> pki.issueClient(name, brokerDir.resolve("clients/x"), 10))
        .isInstanceOf(PkiException.class)
        .hasMessageEndingWith(
            "is refused; use 1 to 64 letters, digits and - _ . @, not starting with a dot.")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("\t");
    assertThat(snapshot(brokerDir)).isEqualTo(before);
  }

  @Test
  void acceptsNamesWithTheAllowedPunctuation() {
    String name = "sensor-1_kitchen.v2@home";

    assertThat(
            pki.issueClient(name, brokerDir.resolve("clients/" + name), 10)
                .certificate()
                .commonName())
        .isEqualTo(name);
    assertThat(
            pki.issueClient("x".repeat(64), brokerDir.resolve("clients/long"), 10)
                .certificate()
                .commonName())
        .hasSize(64);
  }

  @Test
  void statesFollowTheClock() {
    pki.issueClient("short", brokerDir.resolve("clients/short"), 20);
    pki.issueClient("long", brokerDir.resolve("clients/long"), 400);
    Pki.open(certs, null, at(T0.plus(days(5)))).issueClient("future", brokerDir.resolve("f"), 400);

    assertThat(stateOf(openAt(T0), "short")).isEqualTo(State.EXPIRING);
    assertThat(stateOf(openAt(T0), "long")).isEqualTo(State.VALID);
    assertThat(stateOf(openAt(T0), "future")).isEqualTo(State.NOT_YET_VALID);
    assertThat(stateOf(openAt(T0.plus(days(21))), "short")).isEqualTo(State.EXPIRED);
    assertThat(stateOf(openAt(T0.plus(days(370))), "long")).isEqualTo(State.EXPIRING);
    assertThat(stateOf(openAt(T0.plus(days(401))), "long")).isEqualTo(State.EXPIRED);
    assertThat(stateOf(openAt(T0.plus(days(100))), "future")).isEqualTo(State.VALID);
    assertThat(openAt(T0.plus(days(826))).list())
        .filteredOn(info -> info.role() == Role.SERVER)
        .extracting(CertificateInfo::state)
        .containsExactly(State.EXPIRED);
    assertThat(openAt(T0.plus(days(3640))).list())
        .filteredOn(info -> info.role() == Role.SIGNING_CA)
        .extracting(CertificateInfo::state)
        .containsExactly(State.EXPIRING);
  }

  @Test
  void revokeByNameRevokesEveryUsableCertificateOfThatClientOnly() throws Exception {
    ClientBundle first = pki.issueClient("alice", brokerDir.resolve("a1"), 100);
    ClientBundle second = pki.issueClient("alice", brokerDir.resolve("a2"), 100);
    ClientBundle expired = pki.issueClient("alice", brokerDir.resolve("a3"), 1);
    ClientBundle bob = pki.issueClient("bob", brokerDir.resolve("b"), 100);
    Pki later = openAt(T0.plus(days(2)));

    List<CertificateInfo> revoked = later.revoke("alice");

    assertThat(revoked)
        .extracting(CertificateInfo::serialHex)
        .containsExactlyInAnyOrder(
            first.certificate().serialHex(), second.certificate().serialHex());
    assertThat(revoked).allSatisfy(info -> assertThat(info.state()).isEqualTo(State.REVOKED));
    X509CRL crl = crl(pki.crl());
    assertThat(crl.getRevokedCertificates())
        .extracting(entry -> entry.getSerialNumber().toString(16).toUpperCase())
        .containsExactlyInAnyOrder(
            first.certificate().serialHex(), second.certificate().serialHex());
    assertThat(
            crl.getRevokedCertificate(
                    first.certificate().serialHex().isEmpty()
                        ? BigInteger.ONE
                        : new BigInteger(first.certificate().serialHex(), 16))
                .getRevocationDate()
                .toInstant())
        .isEqualTo(T0.plus(days(2)));
    assertThat(crl.getThisUpdate().toInstant())
        .isEqualTo(T0.plus(days(2)).minus(Duration.ofHours(1)));
    assertThat(later.list())
        .filteredOn(info -> info.role() == Role.CLIENT)
        .extracting(CertificateInfo::serialHex, CertificateInfo::state)
        .containsExactlyInAnyOrder(
            tuple(first.certificate().serialHex(), State.REVOKED),
            tuple(second.certificate().serialHex(), State.REVOKED),
            tuple(expired.certificate().serialHex(), State.EXPIRED),
            tuple(bob.certificate().serialHex(), State.VALID));
    assertThatThrownBy(() -> later.revoke("alice"))
        .hasMessage(
            "Client 'alice' has no certificate left to revoke: all are revoked or expired.");
  }

  @Test
  void revokeBySerialAcceptsOpensslSpellingsAndRefusesASecondTime() {
    ClientBundle bob = pki.issueClient("bob", brokerDir.resolve("b"), 100);
    String serial = bob.certificate().serialHex();
    String colons = serial.toLowerCase().replaceAll("(..)(?!$)", "$1:");

    CertificateInfo revoked = pki.revokeSerial(colons);

    assertThat(revoked.serialHex()).isEqualTo(serial);
    assertThat(revoked.role()).isEqualTo(Role.CLIENT);
    assertThat(revoked.state()).isEqualTo(State.REVOKED);
    assertThatThrownBy(() -> pki.revokeSerial(serial))
        .hasMessage("Certificate " + serial + " ('bob') was already revoked on 2026-01-10.");
  }

  @Test
  void crlNumberGrowsAndTheCrlIsRenewedWhenHalfItsLifeHasPassed() {
    assertThat(openAt(T0.plus(days(100))).renewCrlIfDue()).isFalse();
    assertThat(crlNumber(crl(pki.crl()))).isEqualTo(1);

    assertThat(openAt(T0.plus(days(183))).renewCrlIfDue()).isTrue();
    X509CRL renewed = crl(pki.crl());
    assertThat(crlNumber(renewed)).isEqualTo(2);
    assertThat(renewed.getNextUpdate().toInstant()).isEqualTo(T0.plus(days(183 + 365)));
    assertThat(openAt(T0.plus(days(184))).renewCrlIfDue()).isFalse();
    // Long past its end (the broker would refuse every client): renewed as well.
    assertThat(openAt(T0.plus(days(2000))).renewCrlIfDue()).isTrue();
    assertThat(crlNumber(crl(pki.crl()))).isEqualTo(3);
  }

  @Test
  void revocationsSurviveCrlRenewal() {
    ClientBundle bob = pki.issueClient("bob", brokerDir.resolve("b"), 100);
    pki.revoke("bob");

    openAt(T0.plus(days(200))).renewCrlIfDue();
    pki.issueClient("carol", brokerDir.resolve("c"), 100);

    assertThat(crl(pki.crl()).getRevokedCertificates())
        .extracting(entry -> entry.getSerialNumber())
        .containsExactly(new BigInteger(bob.certificate().serialHex(), 16));
  }

  @Test
  void theCrlNeverOutlivesTheSigningCa() {
    Path small = brokerDir.resolve("small");
    Pki shortLived =
        Pki.create(
            small,
            PkiOptions.builder()
                .clock(at(T0))
                .rootCaDays(200)
                .signingCaDays(100)
                .serverDays(50)
                .build());

    assertThat(crl(shortLived.crl()).getNextUpdate().toInstant()).isEqualTo(T0.plus(days(100)));
    assertThatThrownBy(
            () ->
                Pki.open(small, null, at(T0.plus(days(101))))
                    .issueClient("a", small.resolve("a"), 1))
        .hasMessage("The signing CA expired on 2026-04-20; renew the CA before issuing.");
  }

  @Test
  void reissuingTheServerReplacesItsFilesWithTheNewHosts() throws Exception {
    X509Certificate old = certificate(pki.serverCertificate());

    CertificateInfo info =
        openAt(T0.plus(days(30))).issueServer(List.of("10.0.0.7", "fd00::7"), 825);

    X509Certificate now = certificate(pki.serverCertificate());
    assertThat(now.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
    assertThat(info.serialHex()).isEqualTo(Certificates.serialHex(now.getSerialNumber()));
    assertThat(info.commonName()).isEqualTo("10.0.0.7");
    assertThat(info.subjectAltNames())
        .containsExactly("IP:10.0.0.7", "IP:fd00::7", "DNS:localhost", "IP:127.0.0.1", "IP:::1");
    assertThat(certificates(pki.serverCertificate())).hasSize(2);
    assertThat(
            HeldCertificate.of(now, PemFiles.readPrivateKey(pki.serverKey(), null)).certificate())
        .isEqualTo(now);
    assertThat(pki.list()).filteredOn(i -> i.role() == Role.SERVER).hasSize(2);
  }

  @Test
  void createRefusesAFolderThatAlreadyHoldsAPki() throws Exception {
    Map<String, String> before = snapshot(certs);

    assertThatThrownBy(() -> Pki.create(certs, PkiOptions.defaults()))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            certs
                + " already holds a PKI (rootCA.crt exists); open it, or move the folder away"
                + " to start over.");
    assertThat(snapshot(certs)).isEqualTo(before);
    assertThat(Pki.exists(certs)).isTrue();
    assertThat(Pki.exists(brokerDir)).isFalse();
  }

  @Test
  void createRefusesBadOptionsBeforeMakingAnything() {
    Path elsewhere = brokerDir.resolve("other");

    assertThatThrownBy(() -> PkiOptions.builder().serverHosts(List.of("192.168.1")))
        .hasMessageContaining("'192.168.1' is neither an IP address nor a host name");
    assertThatThrownBy(() -> PkiOptions.builder().signingCaDays(8000).build())
        .hasMessage(
            "A signing CA valid for 8000 days would outlive the root CA (7300 days); choose"
                + " 7300 days or fewer.");
    assertThatThrownBy(() -> PkiOptions.builder().serverDays(3651).build())
        .hasMessageContaining("would outlive the signing CA (3650 days)");
    assertThatThrownBy(() -> PkiOptions.builder().rootCaDays(0))
        .hasMessage("rootCaDays must be 1 or more; got 0.");
    assertThatThrownBy(() -> PkiOptions.builder().caPassphrase(new char[0]))
        .hasMessageContaining("passphrase is empty");
    assertThat(elsewhere).doesNotExist();
  }

  @Test
  void openingNamesTheMissingOrDamagedFile() throws Exception {
    // A deleted crl.pem is no longer fatal: the kit keeps a copy and writes it again when due.
    Files.delete(certs.resolve("crl.pem"));
    assertThat(Pki.open(certs, null).renewCrlIfDue()).isTrue();
    assertThat(certs.resolve("crl.pem")).isRegularFile();

    Files.writeString(
        certs.resolve("signingCA.crt"),
        "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> Pki.open(certs, null))
        .hasMessageStartingWith(certs.resolve("signingCA.crt") + " ");

    Files.writeString(
        certs.resolve("signingCA.crt"), Files.readString(certs.resolve("rootCA.key")));
    assertThatThrownBy(() -> Pki.open(certs, null))
        .hasMessageStartingWith(
            certs.resolve("signingCA.crt") + " holds something other than certificates");

    assertThatThrownBy(() -> Pki.open(brokerDir.resolve("nothing"), null))
        .hasMessageContaining("the folder does not exist");
  }

  @Test
  void openingRefusesKeysAndCertificatesThatDoNotBelongTogether() throws Exception {
    Files.copy(
        certs.resolve("server.key"),
        certs.resolve("signingCA.key"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> Pki.open(certs, null))
        .hasMessage(
            certs.resolve("signingCA.key")
                + " does not hold the key of "
                + certs.resolve("signingCA.crt")
                + "; they do not belong together.");
  }

  @Test
  void openingRefusesASigningCaThatAnotherRootIssued() throws Exception {
    Path other = brokerDir.resolve("other");
    Pki.create(other, PkiOptions.builder().clock(at(T0)).build());
    for (String file : List.of("signingCA.crt", "signingCA.key")) {
      Files.copy(
          other.resolve(file),
          certs.resolve(file),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    assertThatThrownBy(() -> Pki.open(certs, null))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            certs.resolve("signingCA.crt")
                + " was not signed by the root CA in "
                + certs.resolve("rootCA.crt")
                + "; they do not belong together.");
  }

  @Test
  void openingRefusesRootAndSigningCaSwapped() throws Exception {
    Path aside = brokerDir.resolve("aside");
    Files.createDirectories(aside);
    for (String kind : List.of(".crt", ".key")) {
      Files.move(certs.resolve("rootCA" + kind), aside.resolve("rootCA" + kind));
      Files.move(certs.resolve("signingCA" + kind), certs.resolve("rootCA" + kind));
      Files.move(aside.resolve("rootCA" + kind), certs.resolve("signingCA" + kind));
    }

    assertThatThrownBy(() -> Pki.open(certs, null))
        .isInstanceOf(PkiException.class)
        .hasMessageStartingWith(
            certs.resolve("signingCA.crt") + " was not signed by the root CA in ");
  }

  @Test
  void revokingByNameNeverRevokesTheServerCertificateWhoseCnIsThatHost() throws Exception {
    CertificateInfo server = pki.issueServer(List.of("broker.lan"), 100);
    assertThat(server.commonName()).isEqualTo("broker.lan");

    assertThatThrownBy(() -> pki.revoke("broker.lan"))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "No certificate was issued to client 'broker.lan'; check the name in the list.");
    assertThat(crl(pki.crl()).getRevokedCertificates()).isNull();
    assertThat(pki.list())
        .filteredOn(info -> info.serialHex().equals(server.serialHex()))
        .extracting(CertificateInfo::state)
        .containsExactly(State.VALID);
  }

  @Test
  void openingRefusesACrlFromAnotherAuthority() throws Exception {
    Path other = brokerDir.resolve("other");
    Pki.create(other, PkiOptions.builder().clock(at(T0)).build());
    Files.copy(
        other.resolve("crl.pem"),
        certs.resolve("crl.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> Pki.open(certs, null))
        .hasMessageStartingWith(certs.resolve("crl.pem") + " was not issued by the signing CA");
  }

  @Test
  void aDamagedIssuedCertificateIsNamedWhenListing() throws Exception {
    Path broken = certs.resolve("issued/0BAD.crt");
    Files.writeString(broken, "garbage");

    assertThatThrownBy(() -> pki.list())
        .hasMessageStartingWith(broken + " holds no PEM certificate");
  }

  @Test
  void reopenedPkiIssuesLikeTheOriginal() {
    Pki reopened = Pki.open(certs, null, at(T0.plus(days(1))));

    ClientBundle bundle = reopened.issueClient("dave", brokerDir.resolve("d"), 30);

    assertThat(reopened.list())
        .extracting(CertificateInfo::role)
        .containsExactly(Role.ROOT_CA, Role.SIGNING_CA, Role.SERVER, Role.CLIENT);
    assertThat(bundle.certificate().notBefore())
        .isEqualTo(T0.plus(days(1)).minus(Duration.ofHours(1)));
  }

  private static State stateOf(Pki pki, String client) {
    return pki.list().stream()
        .filter(info -> info.role() == Role.CLIENT && info.commonName().equals(client))
        .map(CertificateInfo::state)
        .findFirst()
        .orElseThrow();
  }

  static int crlNumber(X509CRL crl) {
    byte[] value = crl.getExtensionValue(Extension.cRLNumber.getId());
    assertThat(value).as("CRL number").isNotNull();
    return ASN1Integer.getInstance(ASN1OctetString.getInstance(value).getOctets()).intValueExact();
  }
}
