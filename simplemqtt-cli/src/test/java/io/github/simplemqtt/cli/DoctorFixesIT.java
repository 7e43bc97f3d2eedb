package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.pki.CertificateInfo;
import io.github.simplemqtt.broker.pki.CertificateInfo.State;
import io.github.simplemqtt.broker.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deleted crl.pem comes back with its revocations, and doctor's printed fix works as printed. */
class DoctorFixesIT {
  private static final Pattern COMMAND = Pattern.compile("`simplemqtt ([^`]+)`");

  @TempDir Path temp;
  private Path dir;

  @AfterEach
  void stopBroker() {
    if (dir != null && BrokerDirectory.isKitDirectory(dir)) {
      BrokerDirectory.open(dir).broker().stop();
    }
  }

  private BrokerDirectory init() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int[] ports = FreePorts.pick(2);
    dir = temp.resolve("mosquitto");
    Cli.Result init = Cli.initOnLoopback(dir, ports[0], ports[1]);
    assertThat(init.exitCode()).as(init.err()).isZero();
    return BrokerDirectory.open(dir);
  }

  @Test
  void aDeletedCrlIsWrittenAgainByTheNextRevokeKeepingEarlierRevocations() throws Exception {
    BrokerDirectory directory = init();
    directory.issueClient("carl", 30);
    directory.issueClient("dave", 30);
    assertThat(Cli.run("cert", "revoke", "carl", "--dir", dir.toString()).exitCode()).isZero();
    Files.delete(directory.pki().crl());

    Cli.Result revoke = Cli.run("cert", "revoke", "dave", "--dir", dir.toString());

    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(directory.pki().crl()).isRegularFile();
    assertThat(directory.pki().list())
        .filteredOn(c -> c.commonName().equals("carl") || c.commonName().equals("dave"))
        .extracting(CertificateInfo::state)
        .containsOnly(State.REVOKED)
        .hasSize(2);
  }

  @Test
  void theFixDoctorPrintsForAMissingCrlWorksAsPrinted() throws Exception {
    BrokerDirectory directory = init();
    directory.issueClient("carl", 30);
    directory.revokeClient("carl");
    Files.delete(directory.pki().crl());

    Cli.Result sick = Cli.run("doctor", "--dir", dir.toString());
    assertThat(sick.exitCode()).isNotZero();
    List<String> fixes = fixCommands(sick.out() + sick.err());
    assertThat(fixes).as(sick.out()).isNotEmpty();
    for (String fix : fixes) {
      Cli.Result ran = Cli.run(fix.split(" "));
      assertThat(ran.exitCode()).as("`simplemqtt %s`: %s", fix, ran.err()).isZero();
    }

    Cli.Result healthy = Cli.run("doctor", "--dir", dir.toString());
    assertThat(healthy.out()).doesNotContain("failed");
    assertThat(healthy.exitCode()).as(healthy.out()).isZero();
    assertThat(directory.pki().list())
        .filteredOn(c -> c.commonName().equals("carl"))
        .extracting(CertificateInfo::state)
        .containsOnly(State.REVOKED);
  }

  @Test
  void theFixDoctorPrintsForAMissingServerCertificateWorksAsPrinted() throws Exception {
    BrokerDirectory directory = init();
    Files.delete(dir.resolve("certs/server.crt"));

    Cli.Result sick = Cli.run("doctor", "--dir", dir.toString());
    assertThat(sick.exitCode()).isNotZero();
    List<String> fixes = fixCommands(sick.out() + sick.err());
    assertThat(fixes).as(sick.out()).anyMatch(fix -> fix.startsWith("cert server"));
    for (String fix : fixes) {
      Cli.Result ran = Cli.run(fix.split(" "));
      assertThat(ran.exitCode()).as("`simplemqtt %s`: %s", fix, ran.err()).isZero();
    }

    Cli.Result healthy = Cli.run("doctor", "--dir", dir.toString());
    assertThat(healthy.out()).doesNotContain("failed");
    assertThat(healthy.exitCode()).as(healthy.out()).isZero();
    assertThat(dir.resolve("certs/server.crt")).isRegularFile();
    assertThat(directory.pki().list())
        .filteredOn(c -> c.role() == CertificateInfo.Role.SERVER)
        .anySatisfy(c -> assertThat(c.subjectAltNames()).contains("IP:127.0.0.1"));
  }

  @Test
  void secretsOthersCanReadAreNamedWithAChmodThatWorksAsPrinted() throws Exception {
    BrokerDirectory directory = init();
    directory.issueClient("carl", 30);
    Path clientKey = directory.clientDirectory("carl").resolve("client.key");
    Path caKeys = directory.caKeyDirectory();
    // As an archive extraction or a careless copy leaves them.
    Files.setPosixFilePermissions(clientKey, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(caKeys, PosixFilePermissions.fromString("rwxr-xr-x"));

    Cli.Result sick = Cli.run("doctor", "--dir", dir.toString());
    List<String> chmods =
        Arrays.stream((sick.out() + sick.err()).split("\n"))
            .filter(line -> line.strip().startsWith("fix:"))
            .map(line -> line.replaceAll(".*`(chmod [^`]+)`.*", "$1"))
            .filter(line -> line.startsWith("chmod "))
            .toList();
    assertThat(chmods)
        .as(sick.out())
        .containsExactlyInAnyOrder("chmod 600 " + clientKey, "chmod 700 " + caKeys);
    for (String chmod : chmods) {
      Process run = new ProcessBuilder(chmod.split(" ")).inheritIO().start();
      assertThat(run.waitFor()).isZero();
    }

    Cli.Result healthy = Cli.run("doctor", "--dir", dir.toString());
    assertThat(healthy.out()).doesNotContain("can be read by other users");
    assertThat(healthy.exitCode()).as(healthy.out()).isZero();
  }

  /** The commands in the "fix:" lines, without the leading "simplemqtt". */
  private static List<String> fixCommands(String output) {
    List<String> commands = new ArrayList<>();
    Arrays.stream(output.split("\n"))
        .filter(line -> line.strip().startsWith("fix:"))
        .forEach(
            line -> {
              Matcher m = COMMAND.matcher(line);
              while (m.find()) {
                commands.add(m.group(1));
              }
            });
    return commands.stream().distinct().toList();
  }
}
