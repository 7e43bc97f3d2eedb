package io.github.simplemqtt.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doctor --dir}: the file checks of a broker directory, no broker needed. */
class BrokerDirectoryChecksTest {
  @TempDir Path temp;
  BrokerDirectory directory;

  @BeforeEach
  void directory() {
    int[] ports = FreePorts.pick(2);
    BrokerSettings settings =
        BrokerSettings.builder()
            .hosts(List.of("127.0.0.1"))
            .port(ports[0])
            .tlsPort(ports[1])
            .build();
    directory = BrokerDirectory.create(temp.resolve("mosquitto"), settings, false);
    directory.setPassword("alice", "a long password".toCharArray());
  }

  private List<Finding> check() {
    return check(Clock.systemUTC());
  }

  private List<Finding> check(Clock clock) {
    return new BrokerDirectoryChecks(clock).run(directory.path());
  }

  private static Finding failure(List<Finding> findings, Step step) {
    return findings.stream()
        .filter(f -> f.failed() && f.step() == step)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + step + " failure in " + findings));
  }

  @Test
  void aFreshDirectoryPassesAndSaysTheBrokerIsNotRunning() {
    List<Finding> findings = check();

    assertThat(findings).noneMatch(Finding::failed);
    assertThat(findings)
        .anyMatch(f -> f.step() == Step.CERTIFICATES && f.summary().startsWith("chain consistent"))
        .anyMatch(f -> f.summary().equals(".passwords: 1 users, every entry well-formed"))
        .anyMatch(
            f -> f.status() == Status.WARNING && f.summary().equals("the broker is not running"));
  }

  @Test
  void messagesTheBrokerDroppedForAClientAreReportedFromItsLog() throws Exception {
    Path log = directory.broker().logFile();
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        "2026-12-06T03:15:02: New client connected from 127.0.0.1:52230 as r2-sub.\n"
            + "2026-12-06T03:15:16: Outgoing messages are being dropped for client r2-sub.\n"
            + "2026-12-06T03:15:17: Outgoing messages are being dropped for client sensor 7.\n"
            + "2026-12-06T03:15:18: Outgoing messages are being dropped for client r2-sub.\n");

    Finding dropped =
        check().stream()
            .filter(f -> f.summary().startsWith("the broker dropped messages"))
            .findFirst()
            .orElseThrow();

    assertThat(dropped.status()).isEqualTo(Status.WARNING);
    assertThat(dropped.summary())
        .isEqualTo("the broker dropped messages for 2 clients, last at 2026-12-06T03:15:18");
    assertThat(dropped.cause())
        .isEqualTo(
            "mosquitto drops what it would queue beyond max_queued_messages (10000) for a client"
                + " that is offline or that far behind: sensor 7, r2-sub.");
    assertThat(dropped.fix()).contains("raise max_queued_messages in " + directory.configFile());
  }

  @Test
  void aLogWithoutDropsAddsNoFinding() throws Exception {
    Path log = directory.broker().logFile();
    Files.createDirectories(log.getParent());
    Files.writeString(log, "2026-12-06T03:15:02: mosquitto version 2.0.11 running\n");

    assertThat(check()).noneMatch(f -> f.summary().startsWith("the broker dropped messages"));
  }

  @Test
  void aFreshDirectoryIsOneMosquittoStartsWith() {
    assertThat(check())
        .anyMatch(
            f ->
                f.status() == Status.PASSED
                    && f.summary().equals("mosquitto starts with mosquitto.conf"));
  }

  @Test
  void aMisspeltOptionIsCaughtByMosquittoItself() throws Exception {
    Path config = directory.configFile();
    String before = Files.readString(config);
    Files.writeString(config, before.replace("max_inflight_messages", "max_inflight_mesages"));

    Finding failure = failure(check(), Step.CONFIG);

    assertThat(failure.summary()).isEqualTo("mosquitto refuses mosquitto.conf");
    assertThat(failure.cause())
        .contains("Error: Unknown configuration variable \"max_inflight_mesages\"");
    assertThat(Files.readString(config)).isNotEqualTo(before).contains("max_inflight_mesages");
  }

  @Test
  void aFileTheConfigNamesIsMissing() throws Exception {
    Files.delete(directory.path().resolve("certs/crl.pem"));

    Finding failure = failure(check(), Step.CONFIG);

    assertThat(failure.summary()).isEqualTo("crlfile certs/crl.pem is missing");
    assertThat(failure.cause()).contains("does not exist, so mosquitto will not start");
  }

  @Test
  void aPasswordLineMosquittoIgnores() throws Exception {
    Files.writeString(directory.passwordFile(), "bob-without-a-hash\n", StandardOpenOption.APPEND);

    Finding failure = failure(check(), Step.USERS);

    assertThat(failure.summary()).isEqualTo(".passwords line 2 is not well-formed");
    assertThat(failure.cause())
        .isEqualTo(
            "Line 2 of "
                + directory.passwordFile()
                + ": There is no ':' between a user name and a password hash, so mosquitto"
                + " ignores this line.");
    assertThat(failure.fix()).isEqualTo("Delete it, or set that user's password again.");
  }

  @Test
  void anAclLineThatDoesNotParse() throws Exception {
    directory.setAcl(AccessControlList.of(AclRule.forUser("alice", AclAccess.READWRITE, "#")));
    Files.writeString(directory.aclFile(), "topic sideways x/y\n", StandardOpenOption.APPEND);

    Finding failure = failure(check(), Step.USERS);

    assertThat(failure.summary()).startsWith("config/acl line ").endsWith(" does not parse");
    assertThat(failure.cause()).contains("sideways");
  }

  @Test
  void anExpiredCrl() {
    // In 400 days the CRL written today (valid 365 days) has expired; the server certificate has
    // not.
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(400));

    Finding failure = failure(check(later), Step.CERTIFICATES);

    assertThat(failure.summary()).startsWith("crl.pem expired on");
    assertThat(failure.cause())
        .contains("Mosquitto refuses every client certificate once its CRL has expired");
  }

  @Test
  void aHostOnRecordTheServerCertificateDoesNotCover() throws Exception {
    Path settings = directory.path().resolve(BrokerDirectory.SETTINGS_FILE);
    String text =
        Files.readString(settings).replace("hosts=127.0.0.1", "hosts=127.0.0.1,192.0.2.7");
    Files.writeString(settings, text);

    Finding failure = failure(check(), Step.CERTIFICATES);

    assertThat(failure.summary()).isEqualTo("server.crt does not cover 192.0.2.7");
    assertThat(failure.fix()).contains("--host 127.0.0.1 --host 192.0.2.7");
  }

  @Test
  void notABrokerDirectory() {
    List<Finding> findings = new BrokerDirectoryChecks(Clock.systemUTC()).run(temp);

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).failed()).isTrue();
    assertThat(findings.get(0).cause())
        .isEqualTo(
            temp
                + " is not a simplemqtt broker directory ("
                + BrokerDirectory.SETTINGS_FILE
                + " is missing).");
    assertThat(findings.get(0).fix()).startsWith("Create one with `simplemqtt init ");
  }

  @Test
  void aMissingCaCertificateSaysWhichAndWhatToDo() throws Exception {
    Path signing = directory.path().resolve("certs/signingCA.crt");
    Files.delete(signing);

    Finding failure = failure(check(), Step.CERTIFICATES);

    assertThat(failure.summary()).startsWith("cannot open the PKI in ");
    assertThat(failure.cause()).isEqualTo(signing + " is missing.");
    assertThat(failure.fix()).isEqualTo("Restore it or create the PKI again.");
  }

  @Test
  void aCaKeyOfAnotherCertificateIsNotOfferedAsAFix() throws Exception {
    Path caKey = directory.caKeyDirectory().resolve("signingCA.key");
    Files.copy(
        directory.path().resolve("certs/server.key"),
        caKey,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Finding failure = failure(check(), Step.CERTIFICATES);

    assertThat(failure.cause()).endsWith("; they do not belong together.");
    assertThat(failure.fix()).isEqualTo("Restore the certs/ folder from a backup.");
  }
}
