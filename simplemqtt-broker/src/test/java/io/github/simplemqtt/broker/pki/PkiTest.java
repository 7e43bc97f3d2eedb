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
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.github.simplemqtt.broker.pki.CertificateInfo.Role;
import io.github.simplemqtt.broker.pki.CertificateInfo.State;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
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
    assertThat(info.serialHex()).isEqualTo(Serials.serialHex(now.getSerialNumber()));
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
    PkiException e = catchThrowableOfType(PkiException.class, () -> Pki.open(certs, null));
    assertThat(e.problem()).isEqualTo(PkiException.Problem.MISMATCH);
    assertThat(e.file()).contains(certs.resolve("signingCA.key"));
    assertThat(e.certificate()).isPresent();
    // "they do not belong together" says why, not what to do: no fix for doctor to print.
    assertThat(e.what()).isEqualTo(e.getMessage());
    assertThat(e.fix()).isEmpty();
  }

  @Test
  void aFailureToOpenCarriesItsProblemFileAndFix() throws Exception {
    Files.delete(certs.resolve("signingCA.crt"));

    PkiException e = catchThrowableOfType(PkiException.class, () -> Pki.open(certs, null));

    assertThat(e.problem()).isEqualTo(PkiException.Problem.FILE_MISSING);
    assertThat(e.file()).contains(certs.resolve("signingCA.crt"));
    assertThat(e.what()).isEqualTo(certs.resolve("signingCA.crt") + " is missing");
    assertThat(e.fix()).contains("restore it or create the PKI again.");
    assertThat(e.getMessage()).isEqualTo(e.what() + "; " + e.fix().orElseThrow());

    PkiException plain = new PkiException("Something; else.");
    assertThat(plain.problem()).isEqualTo(PkiException.Problem.OTHER);
    assertThat(plain.what()).isEqualTo("Something; else.");
    assertThat(plain.fix()).isEmpty();
    assertThat(plain.file()).isEmpty();
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

  private static final String NAME_RULE =
      "' is refused; use 1 to 64 letters, digits and - _ . @, not starting with a dot.";

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"../alice", ".alice", "alice smith", "alice/x", "*"})
  void revokeRefusesWhatIsNotAClientNameAndWritesNothing(String name) throws Exception {
    pki.issueClient("alice", brokerDir.resolve("clients/alice"), 10);
    Map<String, String> before = snapshot(brokerDir);

    assertThatThrownBy(() -> pki.revoke(name))
        .isInstanceOf(PkiException.class)
        .hasMessage("The client name '" + name + NAME_RULE);
    assertThat(snapshot(brokerDir)).isEqualTo(before);
  }

  @Test
  void aRefusedNameIsQuotedPrintablyAndAtMostEightyCharactersLong() {
    assertThatThrownBy(() -> pki.issueClient("bob\n\tsmith", brokerDir.resolve("x"), 10))
        .hasMessage("The client name 'bob??smith" + NAME_RULE);
    assertThatThrownBy(() -> pki.issueClient(null, brokerDir.resolve("x"), 10))
        .hasMessage("The client name 'null" + NAME_RULE);
    assertThatThrownBy(() -> pki.issueClient("y".repeat(100), brokerDir.resolve("x"), 10))
        .hasMessage("The client name '" + "y".repeat(80) + NAME_RULE);
  }

  @Test
  void aCertificateMayEndTogetherWithTheSigningCaButNotADayLater() {
    ClientBundle longest = pki.issueClient("alice", brokerDir.resolve("a"), 3650);

    assertThat(longest.certificate().notAfter()).isEqualTo(T0.plus(days(3650)));
    assertThatThrownBy(() -> pki.issueClient("bob", brokerDir.resolve("b"), 3651))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "A certificate valid for 3651 days would outlive the signing CA, which expires on"
                + " 2036-01-08; choose --days 3650 or fewer, or renew the CA.");
    assertThat(brokerDir.resolve("b")).doesNotExist();
  }

  @Test
  void theLongestValidityIsAcceptedAtAnyFractionOfASecond() {
    // Certificates count their days from the whole second, so the check must too.
    Pki midSecond = Pki.open(certs, null, at(T0.plusMillis(500)));

    ClientBundle longest = midSecond.issueClient("alice", brokerDir.resolve("a"), 3650);

    assertThat(longest.certificate().notAfter()).isEqualTo(T0.plus(days(3650)));
    Pki equal =
        Pki.create(
            brokerDir.resolve("equal"),
            PkiOptions.builder()
                .clock(at(T0.plusMillis(500)))
                .signingCaDays(100)
                .serverDays(100)
                .build());
    assertThat(certificate(equal.serverCertificate()).getNotAfter())
        .isEqualTo(certificate(equal.signingCertificate()).getNotAfter());
  }

  /** A clock that moves on a second each time it is read, as time passes while keys are made. */
  private static final class TickingClock extends Clock {
    private Instant next;

    TickingClock(Instant start) {
      next = start;
    }

    @Override
    public Instant instant() {
      Instant now = next;
      next = next.plusSeconds(1);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void aNewPkisCertificatesStartTogetherSoEachMayEndWithItsIssuer() {
    // With the system clock, RSA keys take seconds to make: the root's and the signing CA's
    // validity must not start at different seconds, or equal validities would be refused.
    Pki equal =
        Pki.create(
            brokerDir.resolve("equal"),
            PkiOptions.builder()
                .clock(new TickingClock(T0))
                .rootCaDays(100)
                .signingCaDays(100)
                .serverDays(100)
                .build());

    assertThat(
            List.of(equal.rootCertificate(), equal.signingCertificate(), equal.serverCertificate()))
        .extracting(file -> certificate(file).getNotAfter().toInstant())
        .containsOnly(T0.plus(days(100)));
    // The PKI made goes on with the clock it was given.
    assertThat(equal.issueClient("alice", brokerDir.resolve("a"), 1).certificate().notBefore())
        .isAfter(T0.minus(Duration.ofHours(1)));
  }

  @Test
  void onTheSigningCasLastDayNothingIsIssued() {
    Instant caEnd = T0.plus(days(3650));

    ClientBundle lastFullDay =
        openAt(caEnd.minus(days(1))).issueClient("alice", brokerDir.resolve("a"), 1);
    assertThat(lastFullDay.certificate().notAfter()).isEqualTo(caEnd);
    assertThatThrownBy(
            () ->
                openAt(caEnd.minus(days(1)).plusSeconds(1))
                    .issueClient("bob", brokerDir.resolve("b"), 1))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "The signing CA expires on 2036-01-08, within a day; renew the CA before issuing.");
    assertThatThrownBy(() -> openAt(caEnd).issueServer(List.of("10.0.0.1"), 1))
        .isInstanceOf(PkiException.class)
        .hasMessage("The signing CA expired on 2036-01-08; renew the CA before issuing.");
  }

  private Pki lockedPki() {
    Path locked = brokerDir.resolve("locked");
    Pki.create(
        locked, PkiOptions.builder().clock(at(T0)).caPassphrase("s3cret".toCharArray()).build());
    return Pki.open(locked, null, at(T0));
  }

  @Test
  void aRefusedValidityIsReportedBeforeTheMissingPassphrase() {
    Pki locked = lockedPki();
    String refused = "A validity of 0 days is refused; give 1 day or more.";

    assertThatThrownBy(() -> locked.issueClient("bob", brokerDir.resolve("bob"), 0))
        .isInstanceOf(PkiException.class)
        .hasMessage(refused);
    assertThatThrownBy(() -> locked.issueServer(List.of("10.0.0.1"), 0))
        .isInstanceOf(PkiException.class)
        .hasMessage(refused);
    assertThatThrownBy(() -> locked.issueClient("bob", brokerDir.resolve("bob"), 10))
        .hasMessageEndingWith("is encrypted; give the CA passphrase to issue or revoke.");
  }

  @Test
  void toStringNamesTheFolderAndWhetherThePkiIsLocked() {
    assertThat(pki).hasToString("Pki[" + certs + "]");
    assertThat(lockedPki()).hasToString("Pki[" + brokerDir.resolve("locked") + ", locked]");
  }

  @Test
  void issuingAServerCertificateRenewsTheCrlAndItsCopy() {
    openAt(T0.plus(days(30))).issueServer(List.of("10.0.0.7"), 100);

    X509CRL renewed = crl(pki.crl());
    assertThat(crlNumber(renewed)).isEqualTo(2);
    assertThat(renewed.getNextUpdate().toInstant()).isEqualTo(T0.plus(days(30 + 365)));
    assertThat(crl(certs.resolve("issued/crl.pem"))).isEqualTo(renewed);
  }

  @Test
  void aDeletedCrlIsWrittenAgainFromTheKitsCopyWithItsRevocations() throws Exception {
    ClientBundle bob = pki.issueClient("bob", brokerDir.resolve("b"), 100);
    pki.revoke("bob"); // CRL number 3: made, then renewed by the issue and by the revocation
    Files.delete(pki.crl());
    Pki later = openAt(T0.plus(days(1)));

    assertThat(stateOf(later, "bob")).isEqualTo(State.REVOKED);
    assertThat(later.renewCrlIfDue()).isTrue();
    X509CRL rewritten = crl(pki.crl());
    assertThat(rewritten.getRevokedCertificates())
        .extracting(entry -> entry.getSerialNumber())
        .containsExactly(new BigInteger(bob.certificate().serialHex(), 16));
    assertThat(crlNumber(rewritten)).isEqualTo(4);
  }

  @Test
  void withNeitherCrlNorCopyAnOlderDirectoryStartsAnEmptyCrl() throws Exception {
    pki.issueClient("bob", brokerDir.resolve("b"), 100);
    Files.delete(pki.crl());
    Files.delete(certs.resolve("issued/crl.pem"));
    Pki older = openAt(T0.plus(days(1)));

    assertThat(older.list()).extracting(CertificateInfo::state).containsOnly(State.VALID);
    assertThat(older.renewCrlIfDue()).isTrue();
    X509CRL fresh = crl(pki.crl());
    assertThat(fresh.getRevokedCertificates()).isNull();
    assertThat(crlNumber(fresh)).isEqualTo(1);
  }

  @Test
  void hiddenAndOtherFilesInTheIssuedFolderAreNotCertificatesOfThePki() throws Exception {
    Files.writeString(certs.resolve("issued/.0BAD.crt"), "an editor's backup, not PEM");
    Files.writeString(certs.resolve("issued/notes.txt"), "not PEM either");

    assertThat(pki.list())
        .extracting(CertificateInfo::role)
        .containsExactly(Role.ROOT_CA, Role.SIGNING_CA, Role.SERVER);
  }

  @Test
  void anAuthorityFoundAmongTheIssuedCertificatesIsListedAsOne() throws Exception {
    Path rootCopy = Files.copy(pki.rootCertificate(), certs.resolve("issued/00AA.crt"));
    Path signingCopy = Files.copy(pki.signingCertificate(), certs.resolve("issued/00BB.crt"));

    assertThat(pki.list())
        .filteredOn(info -> List.of(rootCopy, signingCopy).contains(info.file()))
        .extracting(CertificateInfo::file, CertificateInfo::role)
        .containsExactlyInAnyOrder(
            tuple(rootCopy, Role.ROOT_CA), tuple(signingCopy, Role.SIGNING_CA));
  }

  @Test
  void openingRefusesALeafInPlaceOfACaAndNamesTheFile() throws Exception {
    Path root = certs.resolve("rootCA.crt");
    Path signing = certs.resolve("signingCA.crt");
    String signingPem = Files.readString(signing);
    Files.copy(pki.serverCertificate(), root, StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> Pki.open(certs, null))
        .isInstanceOf(PkiException.class)
        .hasMessage(root + " is not a CA certificate; restore it from a backup.");

    // A CA of path length 0 as the root, and the server's certificate as the signing CA.
    Files.writeString(root, signingPem);
    Files.copy(pki.serverCertificate(), signing, StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> Pki.open(certs, null))
        .isInstanceOf(PkiException.class)
        .hasMessage(signing + " is not a CA certificate; restore it from a backup.");
  }

  @Test
  void theServersCnIsItsFirstHostWhenThatFitsInSixtyFourCharacters() {
    String fits = "a".repeat(60) + ".lan";
    String tooLong = "a".repeat(61) + ".lan";

    assertThat(pki.issueServer(List.of(fits), 10).commonName()).isEqualTo(fits);
    CertificateInfo longer = pki.issueServer(List.of(tooLong), 10);
    assertThat(longer.commonName()).isEqualTo("localhost");
    assertThat(longer.subjectAltNames()).startsWith("DNS:" + tooLong);
  }

  @Test
  void eachPkiNamesItsCasWithASuffixOfItsOwn() {
    Pki other = Pki.create(brokerDir.resolve("other"), PkiOptions.builder().clock(at(T0)).build());
    String root = certificate(pki.rootCertificate()).getSubjectX500Principal().getName();
    String signing = certificate(pki.signingCertificate()).getSubjectX500Principal().getName();
    String otherRoot = certificate(other.rootCertificate()).getSubjectX500Principal().getName();

    assertThat(otherRoot).isNotEqualTo(root);
    assertThat(suffix(signing)).isEqualTo(suffix(root));
  }

  private static String suffix(String caName) {
    return caName.replaceAll("^CN=simplemqtt (Root|Signing) CA ([0-9a-f]{8}),O=simplemqtt$", "$2");
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
