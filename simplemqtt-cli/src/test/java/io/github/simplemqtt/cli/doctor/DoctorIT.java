package io.github.simplemqtt.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.pki.HeldCertificate;
import io.github.simplemqtt.broker.pki.Pki;
import io.github.simplemqtt.broker.process.FreePorts;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure class doctor knows, produced for real against a real mosquitto, and named: the
 * failed step and the cause sentence, not only the exit code.
 */
class DoctorIT {
  private static final String DENIED_READ_TOPIC = "doctor/write-only";

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder()
          .user("alice", "s3cret")
          .certificate("bob")
          .certificate("mallory")
          .acl(AclRule.forUser("alice", AclAccess.READWRITE, "#"))
          .acl(AclRule.forUser("bob", AclAccess.READWRITE, "#"))
          .acl(AclRule.forUser("mallory", AclAccess.WRITE, DENIED_READ_TOPIC))
          .build();

  @TempDir static Path temp;
  static ClientBundle foreign;

  @BeforeAll
  static void anotherBroker() {
    // A second, unrelated kit directory: its CA never signed anything our broker trusts.
    BrokerDirectory other =
        BrokerDirectory.create(
            temp.resolve("other"), BrokerSettings.defaults(List.of("127.0.0.1")), false);
    foreign = other.issueClient("bob", 30);
  }

  private static List<String> tls(MosquittoBroker broker, Path chain, Path cert, Path key) {
    return List.of(
        "-h",
        broker.host(),
        "-p",
        Integer.toString(broker.tlsPort()),
        "--cafile",
        chain.toString(),
        "--cert",
        cert.toString(),
        "--key",
        key.toString());
  }

  private static DoctorRun doctor(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return DoctorRun.of(all.toArray(new String[0]));
  }

  @Test
  void happyPathWithMutualTls(MosquittoBroker broker) {
    DoctorRun run = DoctorRun.of("--dir", broker.path().toString(), "--as", "bob");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("passed   1 files   client.key is the key of client.crt (CN=bob)")
        .contains("passed   3 tls     the broker accepted our certificate CN=bob")
        .contains("passed   4 mqtt    CONNACK: accepted as bob")
        .contains("passed   5 pub/sub the message came back in")
        .contains("All steps passed.")
        .doesNotContain("FAILED");
  }

  @Test
  void happyPathWithPassword(MosquittoBroker broker) {
    DoctorRun run =
        DoctorRun.of(
            "-h",
            broker.host(),
            "-p",
            Integer.toString(broker.port()),
            "-u",
            "alice",
            "-P",
            "s3cret");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("not used: port " + broker.port() + " speaks plain MQTT")
        .contains("CONNACK: accepted as alice")
        .contains("the message came back in");
  }

  @Test
  void userNameNextToAClientCertificateIsFlagged(MosquittoBroker broker) {
    Path bob = broker.path().resolve("clients/bob");
    DoctorRun run =
        doctor(
            tls(
                broker,
                bob.resolve("chain.crt"),
                bob.resolve("client.crt"),
                bob.resolve("client.key")),
            "-u",
            "alice",
            "-P",
            "s3cret");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("warning  4 mqtt    -u alice is ignored with a client certificate")
        .contains("use_identity_as_username")
        .contains("CONNACK: accepted as bob");
  }

  @Test
  void theRunningBrokersDirectoryPasses(MosquittoBroker broker) {
    DoctorRun run = DoctorRun.of("--dir", broker.path().toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("passed   1 config  6 files named by mosquitto.conf exist")
        .contains("passed   2 certs   chain consistent")
        .contains("passed   2 certs   crl.pem lists ")
        .contains("passed   3 users   config/acl: 3 rules parse (users alice, bob, mallory)")
        .contains("listeners answer")
        .doesNotContain("FAILED");
    // The ACL is named once per listener in mosquitto.conf, and checked once.
    assertThat(run.lines()).filteredOn(line -> line.contains("config/acl:")).hasSize(1);
  }

  @Test
  void wrongCa(MosquittoBroker broker) {
    DoctorRun run =
        doctor(tls(broker, foreign.chainFile(), foreign.certificateFile(), foreign.keyFile()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure()).startsWith("FAILED   3 tls").contains("not issued by a CA in");
    assertThat(run.cause())
        .contains("The broker's certificate (CN=127.0.0.1")
        .contains("was not issued by a CA in " + foreign.chainFile())
        .contains("wrong CA");
    assertThat(run.fix()).contains("Use the chain.crt of this broker");
  }

  @Test
  void expiredClientCertificate(MosquittoBroker broker) throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(100)), ZoneOffset.UTC);
    ClientBundle expired =
        Pki.open(broker.path().resolve("certs"), broker.path().resolve("ca"), null, past)
            .issueClient("old", Files.createDirectories(temp.resolve("expired")), 30);

    DoctorRun run =
        doctor(tls(broker, expired.chainFile(), expired.certificateFile(), expired.keyFile()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure()).startsWith("FAILED   1 files").contains("CN=old has expired");
    assertThat(run.cause()).contains("CN=old (client.crt) expired on");
    assertThat(run.fix()).contains("simplemqtt cert client old");
  }

  @Test
  void keyNotMatchingCertificate(MosquittoBroker broker) {
    ClientBundle bob = broker.bundle("bob");
    DoctorRun run = doctor(tls(broker, bob.chainFile(), bob.certificateFile(), foreign.keyFile()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure()).startsWith("FAILED   1 files").contains("does not match");
    assertThat(run.cause())
        .contains(foreign.keyFile() + " is not the private key of " + bob.certificateFile())
        .contains("(CN=bob)");
  }

  @Test
  void revokedCertificate(MosquittoBroker broker) {
    ClientBundle eve = broker.directory().issueClient("eve", 30);
    broker.directory().revokeClient("eve"); // writes the CRL and reloads the broker

    DoctorRun run = doctor(tls(broker, eve.chainFile(), eve.certificateFile(), eve.keyFile()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure()).startsWith("FAILED   3 tls").contains("revoked");
    assertThat(run.cause())
        .contains("The broker rejected our client certificate CN=eve as revoked")
        .contains("certificate_revoked");
  }

  @Test
  void revokedCertificateWithTheBrokerDirectoryQuotesTheBrokersLog(MosquittoBroker broker) {
    broker.directory().issueClient("trudy", 30);
    broker.directory().revokeClient("trudy");

    DoctorRun run = DoctorRun.of("--dir", broker.path().toString(), "--as", "trudy");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure()).startsWith("FAILED   3 tls").contains("revoked");
    assertThat(run.out())
        .contains("The broker's log (")
        .containsPattern(
            "  \\d{4}-\\d{2}-\\d{2}T[0-9:]{8}: OpenSSL Error.*certificate verify failed");
  }

  @Test
  void wrongPassword(MosquittoBroker broker) {
    DoctorRun run =
        DoctorRun.of(
            "-h",
            broker.host(),
            "-p",
            Integer.toString(broker.port()),
            "-u",
            "alice",
            "-P",
            "wrong",
            "--dir",
            broker.path().toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure()).startsWith("FAILED   4 mqtt").contains("wrong password for alice");
    assertThat(run.cause())
        .contains("The password given for 'alice' is wrong")
        .contains("Mosquitto answers a wrong password with \"not authorised\"");
  }

  @Test
  void wrongPasswordWithoutTheBrokerDirectory(MosquittoBroker broker) {
    DoctorRun run =
        DoctorRun.of(
            "-h",
            broker.host(),
            "-p",
            Integer.toString(broker.port()),
            "-u",
            "alice",
            "-P",
            "wrong");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure())
        .startsWith("FAILED   4 mqtt")
        .contains("not authorised (wrong password or unknown user)");
  }

  @Test
  void unknownUser(MosquittoBroker broker) {
    DoctorRun run =
        DoctorRun.of(
            "-h",
            broker.host(),
            "-p",
            Integer.toString(broker.port()),
            "-u",
            "carol",
            "-P",
            "whatever",
            "--dir",
            broker.path().toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure()).startsWith("FAILED   4 mqtt").contains("unknown user carol");
    assertThat(run.cause()).contains("User 'carol' is not in");
    assertThat(run.fix()).contains("simplemqtt user add carol");
  }

  @Test
  void nothingListening() {
    int port = FreePorts.pick(1)[0];
    DoctorRun run = DoctorRun.of("-h", "127.0.0.1", "-p", Integer.toString(port));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure()).startsWith("FAILED   2 network").contains("nothing listening");
    assertThat(run.cause())
        .contains("Nothing is listening on 127.0.0.1:" + port + " (the connection was refused)");
  }

  @Test
  void plainClientToTlsPort(MosquittoBroker broker) {
    DoctorRun run =
        DoctorRun.of(
            "-h",
            broker.host(),
            "-p",
            Integer.toString(broker.tlsPort()),
            "-u",
            "alice",
            "-P",
            "s3cret");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure())
        .startsWith("FAILED   3 tls")
        .contains("speaks TLS, we spoke plain MQTT");
    assertThat(run.cause())
        .contains("is a TLS listener (it presented the certificate CN=127.0.0.1)");
    assertThat(run.fix()).contains("--cafile");
  }

  @Test
  void tlsClientToPlainPort(MosquittoBroker broker) {
    ClientBundle bob = broker.bundle("bob");
    DoctorRun run =
        DoctorRun.of(
            "-h",
            broker.host(),
            "-p",
            Integer.toString(broker.port()),
            "--cafile",
            bob.chainFile().toString(),
            "--cert",
            bob.certificateFile().toString(),
            "--key",
            bob.keyFile().toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure())
        .startsWith("FAILED   3 tls")
        .contains("speaks plain MQTT, we spoke TLS");
    assertThat(run.cause()).contains("is a plain MQTT listener (it answered a plain CONNECT)");
  }

  @Test
  void clientCertificateWithOnlyServerAuth(MosquittoBroker broker) throws Exception {
    HeldCertificate serverOnly =
        HeldCertificate.builder()
            .commonName("dave")
            .serverAuth()
            .validityDays(30)
            .signedBy(SigningCa.of(broker.path()))
            .build();
    Path bundle = SigningCa.writeBundle(broker.path(), serverOnly, temp.resolve("server-only"));

    DoctorRun run =
        doctor(
            tls(
                broker,
                bundle.resolve("chain.crt"),
                bundle.resolve("client.crt"),
                bundle.resolve("client.key")));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure())
        .startsWith("FAILED   1 files")
        .contains("client.crt is not a client certificate");
    assertThat(run.cause())
        .contains("(CN=dave) may only be used for serverAuth")
        .contains("no clientAuth");
  }

  @Test
  void missingIntermediateOnTheClientSide(MosquittoBroker broker) throws Exception {
    // What a client gets when someone hands out the root CA as "the CA" and a leaf-only cert.
    ClientBundle bob = broker.bundle("bob");
    Path dir = Files.createDirectories(temp.resolve("leaf-only"));
    String pem = Files.readString(bob.certificateFile());
    String leafOnly = pem.substring(0, pem.indexOf("-----END CERTIFICATE-----") + 25) + "\n";
    Path cert = Files.writeString(dir.resolve("client.crt"), leafOnly);
    Path chain = Files.copy(broker.path().resolve("certs/rootCA.crt"), dir.resolve("chain.crt"));

    DoctorRun run = doctor(tls(broker, chain, cert, bob.keyFile()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure())
        .startsWith("FAILED   1 files")
        .contains("client.crt does not chain to chain.crt");
    assertThat(run.cause())
        .contains("(CN=bob) was issued by CN=simplemqtt Signing CA")
        .contains("the intermediate CA is missing");
  }

  @Test
  void aclDeniedSubscription(MosquittoBroker broker) {
    DoctorRun run =
        DoctorRun.of(
            "--dir",
            broker.path().toString(),
            "--as",
            "mallory",
            "-t",
            DENIED_READ_TOPIC,
            "--wait",
            "3");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("passed   5 pub/sub subscribed to " + DENIED_READ_TOPIC);
    assertThat(run.failure()).startsWith("FAILED   5 pub/sub").contains("delivered nothing (ACL)");
    assertThat(run.cause())
        .contains("its ACL does not let mallory read " + DENIED_READ_TOPIC)
        .contains("filters at delivery");
  }

  @Test
  void aclDeniedPublish(MosquittoBroker broker) {
    DoctorRun run =
        DoctorRun.of(
            "--dir", broker.path().toString(), "--as", "mallory", "-t", "doctor/not-granted");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    // Mosquitto 2.0.11 answers a denied MQTT 5 publish with PUBACK "not authorised".
    assertThat(run.failure())
        .startsWith("FAILED   5 pub/sub")
        .contains("publish to doctor/not-granted denied");
    assertThat(run.cause()).contains("its ACL does not let mallory write to it");
  }
}
