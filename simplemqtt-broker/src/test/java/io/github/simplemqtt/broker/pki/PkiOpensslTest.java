package io.github.simplemqtt.broker.pki;

import static io.github.simplemqtt.broker.pki.PkiFixtures.openssl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.pki.PkiFixtures.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files the kit writes, read and checked by the real OpenSSL that mosquitto uses. */
class PkiOpensslTest {
  private static final String PASSPHRASE = "correct horse battery";

  @TempDir static Path brokerDir;
  private static Path certs;
  private static Pki pki;
  private static ClientBundle alice;

  @BeforeAll
  static void createPkiWithAnEncryptedCaKey() {
    certs = brokerDir.resolve("certs");
    pki =
        Pki.create(
            certs,
            PkiOptions.builder()
                .serverHosts(List.of("192.168.1.103", "broker.lan", "fd00::1:2"))
                .caPassphrase(PASSPHRASE.toCharArray())
                .build());
    pki = Pki.open(certs, PASSPHRASE.toCharArray());
    alice = pki.issueClient("alice", brokerDir.resolve("clients/alice"), 825);
  }

  @Test
  void serverAndClientVerifyAgainstTheRootThroughTheSigningCa() {
    Result server = verify("certs/server.crt");
    Result client = verify("clients/alice/client.crt");

    assertThat(server.exitCode()).as(server.output()).isZero();
    assertThat(server.output()).contains("certs/server.crt: OK");
    assertThat(client.exitCode()).as(client.output()).isZero();
  }

  @Test
  void aClientTrustingChainCrtVerifiesTheServer() {
    Result result =
        openssl(
            brokerDir,
            "verify",
            "-CAfile",
            "clients/alice/chain.crt",
            "-purpose",
            "sslserver",
            "certs/server.crt");

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void purposesMatchTheRoles() {
    Result serverAsClient =
        openssl(
            brokerDir,
            "verify",
            "-CAfile",
            "certs/rootCA.crt",
            "-untrusted",
            "certs/signingCA.crt",
            "-purpose",
            "sslclient",
            "certs/server.crt");
    Result clientAsClient =
        openssl(
            brokerDir,
            "verify",
            "-CAfile",
            "certs/rootCA.crt",
            "-untrusted",
            "certs/signingCA.crt",
            "-purpose",
            "sslclient",
            "clients/alice/client.crt");

    assertThat(serverAsClient.exitCode()).isNotZero();
    assertThat(serverAsClient.output()).contains("unsuitable certificate purpose");
    assertThat(clientAsClient.exitCode()).as(clientAsClient.output()).isZero();
  }

  @Test
  void opensslShowsTheExtensions() {
    String signing = text("certs/signingCA.crt");
    String root = text("certs/rootCA.crt");
    String server = text("certs/server.crt");
    String client = text("clients/alice/client.crt");

    assertThat(signing)
        .contains(
            "Version: 3 (0x2)",
            "CA:TRUE, pathlen:0",
            "Certificate Sign, CRL Sign",
            "ecdsa-with-SHA256",
            "X509v3 Subject Key Identifier",
            "X509v3 Authority Key Identifier");
    assertThat(root).contains("CA:TRUE, pathlen:1");
    assertThat(server)
        .contains(
            "TLS Web Server Authentication",
            "IP Address:127.0.0.1",
            "IP Address:192.168.1.103",
            "DNS:broker.lan",
            "DNS:localhost",
            "IP Address:FD00:0:0:0:0:0:1:2",
            "CA:FALSE",
            "Digital Signature",
            "X509v3 Basic Constraints: critical",
            "X509v3 Key Usage: critical",
            "NIST CURVE: P-256");
    assertThat(client).contains("Subject: CN = alice", "TLS Web Client Authentication");
  }

  @Test
  void opensslReadsThePlainKeys() {
    for (String key : List.of("clients/alice/client.key", "certs/server.key")) {
      Result result = openssl(brokerDir, "pkey", "-in", key, "-noout");

      assertThat(result.exitCode()).as(key + ": " + result.output()).isZero();
    }
  }

  @Test
  void opensslOpensTheEncryptedCaKeysWithThePassphraseOnly() {
    for (String key : List.of("certs/rootCA.key", "certs/signingCA.key")) {
      Result right =
          openssl(brokerDir, "pkey", "-in", key, "-passin", "pass:" + PASSPHRASE, "-noout");
      Result wrong = openssl(brokerDir, "pkey", "-in", key, "-passin", "pass:wrong", "-noout");

      assertThat(right.exitCode()).as(key + ": " + right.output()).isZero();
      assertThat(wrong.exitCode()).as(key).isNotZero();
    }
    Result structure = openssl(brokerDir, "asn1parse", "-in", "certs/signingCA.key");
    assertThat(structure.output()).contains("PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc");
  }

  @Test
  void theEncryptedPkiOpensLockedWithoutThePassphraseAndRefusesAWrongOne() throws Exception {
    Pki locked = Pki.open(certs, null);

    assertThat(locked.isLocked()).isTrue();
    assertThat(locked.list()).isNotEmpty();
    assertThatThrownBy(() -> locked.issueClient("bob", brokerDir.resolve("clients/bob"), 10))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            certs.resolve("signingCA.key")
                + " is encrypted; give the CA passphrase to issue or revoke.");
    assertThat(brokerDir.resolve("clients/bob")).doesNotExist();
    assertThatThrownBy(() -> Pki.open(certs, "Correct horse battery".toCharArray()))
        .isInstanceOf(PkiException.class)
        .hasMessage(
            "The CA passphrase does not open "
                + certs.resolve("rootCA.key")
                + "; check the passphrase (or the file is damaged).")
        .hasMessageNotContaining("horse");
    assertThat(Files.readString(certs.resolve("rootCA.key")))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
  }

  @Test
  void afterRevokingAliceOpensslRejectsHerAndStillAcceptsBob() {
    ClientBundle bob = pki.issueClient("bob", brokerDir.resolve("clients/bob-ok"), 825);
    ClientBundle mallory = pki.issueClient("mallory", brokerDir.resolve("clients/mallory"), 825);
    assertThat(verifyWithCrl("clients/mallory/client.crt").exitCode()).isZero();

    pki.revoke("mallory");

    Result revoked = verifyWithCrl("clients/mallory/client.crt");
    Result stillGood = verifyWithCrl(brokerDir.relativize(bob.certificateFile()).toString());
    assertThat(revoked.exitCode()).isNotZero();
    assertThat(revoked.output()).contains("certificate revoked");
    assertThat(stillGood.exitCode()).as(stillGood.output()).isZero();
    assertThat(mallory.certificate().commonName()).isEqualTo("mallory");

    Result crl = openssl(brokerDir, "crl", "-in", "certs/crl.pem", "-text", "-noout");
    assertThat(crl.output())
        .contains(
            "Version 2 (0x1)",
            "X509v3 CRL Number",
            "X509v3 Authority Key Identifier",
            "Serial Number: " + mallory.certificate().serialHex())
        .containsPattern("Issuer: O = simplemqtt, CN = simplemqtt Signing CA [0-9a-f]{8}");
  }

  private static Result verify(String certificate) {
    return openssl(
        brokerDir,
        "verify",
        "-CAfile",
        "certs/rootCA.crt",
        "-untrusted",
        "certs/signingCA.crt",
        certificate);
  }

  private static Result verifyWithCrl(String certificate) {
    return openssl(
        brokerDir,
        "verify",
        "-crl_check",
        "-CRLfile",
        "certs/crl.pem",
        "-CAfile",
        "certs/rootCA.crt",
        "-untrusted",
        "certs/signingCA.crt",
        certificate);
  }

  private static String text(String certificate) {
    Result result = openssl(brokerDir, "x509", "-in", certificate, "-text", "-noout");
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }
}
