package io.github.simplemqtt.broker.pki;

import static io.github.simplemqtt.broker.pki.PkiFixtures.authorityKeyId;
import static io.github.simplemqtt.broker.pki.PkiFixtures.certificate;
import static io.github.simplemqtt.broker.pki.PkiFixtures.certificates;
import static io.github.simplemqtt.broker.pki.PkiFixtures.openssl;
import static io.github.simplemqtt.broker.pki.PkiFixtures.subjectKeyId;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.pki.PkiFixtures.Result;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An RSA PKI, made once for the class because 4096-bit keys take a while. */
class PkiRsaTest {
  @TempDir static Path brokerDir;
  private static Pki pki;
  private static ClientBundle alice;

  @BeforeAll
  static void createRsaPki() {
    pki =
        Pki.create(
            brokerDir.resolve("certs"),
            PkiOptions.builder().keyType(KeyType.RSA).serverHosts(List.of("10.0.0.9")).build());
    alice = pki.issueClient("alice", brokerDir.resolve("clients/alice"), 825);
  }

  @Test
  void authoritiesHold4096BitKeysAndLeaves2048() {
    X509Certificate root = certificate(pki.rootCertificate());
    X509Certificate signing = certificate(pki.signingCertificate());
    X509Certificate server = certificate(pki.serverCertificate());
    X509Certificate client = certificate(alice.certificateFile());

    assertThat(bits(root)).isEqualTo(4096);
    assertThat(bits(signing)).isEqualTo(4096);
    assertThat(bits(server)).isEqualTo(2048);
    assertThat(bits(client)).isEqualTo(2048);
    assertThat(pki.keyType()).isEqualTo(KeyType.RSA);
    assertThat(List.of(root, signing, server, client))
        .allSatisfy(c -> assertThat(c.getSigAlgName()).isEqualTo("SHA256withRSA"));
  }

  @Test
  void rsaLeavesMayEncipherKeysAndAuthoritiesOnlySign() {
    X509Certificate signing = certificate(pki.signingCertificate());
    X509Certificate server = certificate(pki.serverCertificate());

    assertThat(server.getKeyUsage())
        .containsExactly(true, false, true, false, false, false, false, false, false);
    assertThat(signing.getKeyUsage())
        .containsExactly(false, false, false, false, false, true, true, false, false);
    assertThat(authorityKeyId(server)).isEqualTo(subjectKeyId(signing));
    assertThat(certificates(pki.serverCertificate())).hasSize(2);
  }

  @Test
  void opensslVerifiesTheRsaChainAndReadsTheKeys() {
    Result server =
        openssl(
            brokerDir,
            "verify",
            "-CAfile",
            "certs/rootCA.crt",
            "-untrusted",
            "certs/signingCA.crt",
            "certs/server.crt");
    Result client =
        openssl(
            brokerDir,
            "verify",
            "-crl_check",
            "-CRLfile",
            "certs/crl.pem",
            "-CAfile",
            "certs/rootCA.crt",
            "-untrusted",
            "certs/signingCA.crt",
            "clients/alice/client.crt");
    Result key = openssl(brokerDir, "pkey", "-in", "clients/alice/client.key", "-noout");
    Result text = openssl(brokerDir, "x509", "-in", "certs/rootCA.crt", "-text", "-noout");

    assertThat(server.exitCode()).as(server.output()).isZero();
    assertThat(client.exitCode()).as(client.output()).isZero();
    assertThat(key.exitCode()).as(key.output()).isZero();
    assertThat(text.output()).contains("Public-Key: (4096 bit)", "sha256WithRSAEncryption");
  }

  @Test
  void aReopenedRsaPkiIssuesRsaCertificates() {
    Pki reopened = Pki.open(pki.directory(), null);

    ClientBundle bob = reopened.issueClient("bob", brokerDir.resolve("clients/bob"), 30);

    assertThat(bits(certificate(bob.certificateFile()))).isEqualTo(2048);
  }

  private static int bits(X509Certificate certificate) {
    return ((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength();
  }
}
