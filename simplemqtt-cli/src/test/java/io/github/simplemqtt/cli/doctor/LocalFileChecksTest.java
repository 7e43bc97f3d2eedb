package io.github.simplemqtt.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.tls.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 1 on its own: the client's PEM files, no network. */
class LocalFileChecksTest {
  @TempDir Path temp;
  BrokerDirectory directory;

  @BeforeEach
  void directory() {
    directory =
        BrokerDirectory.create(
            temp.resolve("mosquitto"), BrokerSettings.defaults(List.of("127.0.0.1")), false);
  }

  private static Target target(Path chain, Path cert, Path key) {
    return new Target(
        "127.0.0.1",
        8883,
        chain,
        cert,
        key,
        null,
        null,
        MqttVersion.V5,
        null,
        "t",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1));
  }

  private static Target target(ClientBundle bundle) {
    return target(bundle.chainFile(), bundle.certificateFile(), bundle.keyFile());
  }

  @Test
  void aGoodBundlePasses() {
    List<Finding> findings =
        LocalFileChecks.run(target(directory.issueClient("bob", 365)), Clock.systemUTC());

    assertThat(findings).allMatch(f -> f.status() == Status.PASSED);
    assertThat(findings.get(findings.size() - 1).summary()).contains("usage clientAuth");
  }

  @Test
  void aCertificateEndingWithin30DaysWarns() {
    List<Finding> findings =
        LocalFileChecks.run(target(directory.issueClient("soon", 20)), Clock.systemUTC());

    assertThat(findings).noneMatch(Finding::failed);
    assertThat(findings)
        .filteredOn(f -> f.status() == Status.WARNING)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.summary()).isEqualTo("CN=soon expires soon");
              assertThat(f.fix()).contains("simplemqtt cert client soon");
            });
  }

  @Test
  void aClockBeforeTheCertificateSaysNotValidYet() {
    Clock earlier = Clock.offset(Clock.systemUTC(), Duration.ofDays(-2));

    List<Finding> findings = LocalFileChecks.run(target(directory.issueClient("bob", 30)), earlier);

    Finding last = findings.get(findings.size() - 1);
    assertThat(last.failed()).isTrue();
    assertThat(last.summary()).endsWith("is not valid yet");
    assertThat(last.fix()).contains("clock");
  }

  @Test
  void swappedCertificateAndKeyFilesAreNamed() {
    ClientBundle bob = directory.issueClient("bob", 30);

    List<Finding> findings =
        LocalFileChecks.run(
            target(bob.chainFile(), bob.keyFile(), bob.certificateFile()), Clock.systemUTC());

    Finding last = findings.get(findings.size() - 1);
    assertThat(last.failed()).isTrue();
    assertThat(last.step()).isEqualTo(Step.FILES);
    assertThat(last.cause()).contains("holds a private key, not a certificate");
    assertThat(last.fix()).contains("swapped");
  }

  @Test
  void aDerFileIsNamedWithTheCommandThatConvertsIt() throws Exception {
    ClientBundle bob = directory.issueClient("bob", 30);
    Path der =
        Files.write(
            temp.resolve("chain.der"), Pem.readCertificates(bob.chainFile()).get(0).getEncoded());

    List<Finding> findings =
        LocalFileChecks.run(target(der, bob.certificateFile(), bob.keyFile()), Clock.systemUTC());

    assertThat(findings).singleElement().satisfies(f -> assertThat(f.cause()).contains("DER"));
    assertThat(findings.get(0).fix()).contains("openssl x509 -inform der");
  }
}
