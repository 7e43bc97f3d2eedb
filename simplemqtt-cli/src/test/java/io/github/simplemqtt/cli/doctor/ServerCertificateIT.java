package io.github.simplemqtt.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.pki.HeldCertificate;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A broker whose server certificate does not cover the address clients dial (made for another
 * machine): doctor names it from the client side and from the broker directory.
 */
class ServerCertificateIT {
  @RegisterExtension
  static MosquittoExtension mosquitto = MosquittoExtension.builder().certificate("bob").build();

  @BeforeAll
  static void serverCertificateForANameOnly() throws Exception {
    MosquittoBroker broker = mosquitto.broker();
    // The kit always covers 127.0.0.1, so build one with its signing CA as another machine's.
    HeldCertificate signing = SigningCa.of(broker.path());
    HeldCertificate server =
        HeldCertificate.builder()
            .commonName("broker.example")
            .addSubjectAltName("broker.example")
            .serverAuth()
            .validityDays(30)
            .signedBy(signing)
            .build();
    Path certs = broker.path().resolve("certs");
    Files.writeString(
        certs.resolve("server.crt"), server.certificatePem() + signing.certificatePem());
    Path key = certs.resolve("server.key");
    Files.writeString(key, server.privateKeyPem());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    broker.restart();
  }

  @Test
  void clientSideNamesTheAddressAndWhatTheCertificateCovers(MosquittoBroker broker) {
    DoctorRun run = DoctorRun.of("--dir", broker.path().toString(), "--as", "bob");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("passed   2 network");
    assertThat(run.failure())
        .startsWith("FAILED   3 tls")
        .contains("broker certificate does not cover 127.0.0.1");
    assertThat(run.cause())
        .contains("The broker's certificate (CN=broker.example) does not cover 127.0.0.1")
        .contains("it covers: DNS broker.example");
    assertThat(run.fix()).contains("simplemqtt cert server --host 127.0.0.1");
  }

  @Test
  void directoryCheckComparesWithTheHostsOnRecord(MosquittoBroker broker) {
    DoctorRun run = DoctorRun.of("--dir", broker.path().toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure())
        .startsWith("FAILED   2 certs")
        .contains("server.crt does not cover 127.0.0.1");
    assertThat(run.cause()).contains("which clients dial by the kit's record");
    assertThat(run.out()).contains("passed   4 broker  mosquitto is running");
  }
}
