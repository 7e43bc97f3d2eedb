package io.github.simplemqtt.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.pki.PkiException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CertificateCheck} judges facts; these come from a fresh directory read once by {@link
 * CertificateProbe}, then changed here to what would take a broken or running broker to produce.
 */
class CertificateCheckTest {
  @TempDir Path temp;
  BrokerDirectory directory;
  CertificateProbe.Read fresh;

  @BeforeEach
  void directory() {
    directory =
        BrokerDirectory.create(
            temp.resolve("mosquitto"),
            BrokerSettings.builder().hosts(List.of("127.0.0.1")).build(),
            false);
    fresh = (CertificateProbe.Read) CertificateProbe.gather(directory, Clock.systemUTC());
  }

  private List<Finding> judge(CertificateProbe.Facts facts) {
    return CertificateCheck.judge(facts, directory.path(), directory.settings());
  }

  private static CertificateProbe.Read with(
      CertificateProbe.Read f, Optional<java.security.cert.X509CRL> crl, boolean running) {
    return new CertificateProbe.Read(
        f.root(),
        f.signing(),
        f.server(),
        f.chain(),
        f.serverKey(),
        f.certificates(),
        f.crlFile(),
        crl,
        f.now(),
        running);
  }

  @Test
  void aFreshDirectoryPassesEveryCertificateCheck() {
    List<Finding> findings = judge(fresh);

    assertThat(findings).noneMatch(Finding::failed);
    assertThat(findings)
        .extracting(Finding::summary)
        .anyMatch(s -> s.startsWith("chain consistent: "))
        .anyMatch(s -> s.startsWith("server.crt covers 127.0.0.1"))
        .anyMatch(s -> s.startsWith("crl.pem lists 0 revoked"));
  }

  @Test
  void anUnreadableCrlIsWrittenAgainByReloadWhileTheBrokerRuns() {
    Finding stopped = judge(with(fresh, Optional.empty(), false)).get(3);
    Finding running = judge(with(fresh, Optional.empty(), true)).get(3);

    assertThat(stopped.summary()).isEqualTo("crl.pem cannot be read");
    assertThat(stopped.fix()).endsWith("`simplemqtt broker start --dir " + directory.path() + "`.");
    assertThat(running.fix())
        .endsWith("`simplemqtt broker reload --dir " + directory.path() + "`.");
  }

  @Test
  void aCrlPastItsNextUpdateFails() {
    CertificateProbe.Read later =
        new CertificateProbe.Read(
            fresh.root(),
            fresh.signing(),
            fresh.server(),
            fresh.chain(),
            fresh.serverKey(),
            fresh.certificates(),
            fresh.crlFile(),
            fresh.crl(),
            fresh.now().plus(Duration.ofDays(400)),
            true);

    Finding crl = judge(later).get(judge(later).size() - 1);

    assertThat(crl.failed()).isTrue();
    assertThat(crl.summary()).startsWith("crl.pem expired on ");
    assertThat(crl.fix()).contains("broker reload");
  }

  @Test
  void aServerKeyOfAnotherCertificateBreaksTheChain() {
    CertificateProbe.Read swapped =
        new CertificateProbe.Read(
            fresh.root(),
            fresh.signing(),
            fresh.root(), // the server certificate, as if server.crt held the root's
            fresh.chain(),
            fresh.serverKey(),
            fresh.certificates(),
            fresh.crlFile(),
            fresh.crl(),
            fresh.now(),
            false);

    Finding chain = judge(swapped).get(0);

    assertThat(chain.summary()).isEqualTo("the certificate chain is inconsistent");
    assertThat(chain.cause())
        .contains("was not signed by signingCA.crt")
        .contains("server.key is not the key of server.crt");
  }

  @Test
  void aPkiThatDoesNotOpenIsOneFindingWithTheKitsWordsOrTheDefaultFix() {
    Path certs = directory.path().resolve("certs");

    List<Finding> kit =
        judge(new CertificateProbe.Unopened(certs, new PkiException("The CA is gone.")));
    List<Finding> io =
        judge(
            new CertificateProbe.Unopened(
                certs, new UncheckedIOException("disk error", new java.io.IOException("eio"))));

    assertThat(kit)
        .singleElement()
        .satisfies(f -> assertThat(f.cause()).isEqualTo("The CA is gone."));
    assertThat(kit.get(0).fix()).isEqualTo("Restore the certs/ folder from a backup.");
    assertThat(io.get(0).cause()).isEqualTo("Disk error.");
  }
}
