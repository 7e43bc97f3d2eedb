package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access ends with its removal: no certificate or password outlives what the user discarded. */
class AccessEndsIT {

  @TempDir Path temp;
  private Path dir;

  @AfterEach
  void stopBroker() {
    if (dir != null && Files.exists(dir)) {
      BrokerDirectory.open(dir).broker().stop();
    }
  }

  private String init() throws Exception {
    // @TempDir is 0700; mosquitto started as root drops to user mosquitto, which must enter it.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int[] ports = FreePorts.pick(2);
    dir = temp.resolve("mosquitto");
    Cli.Result init =
        Cli.run(
            "init",
            dir.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(ports[0]),
            "--tls-port",
            Integer.toString(ports[1]),
            "--bind",
            "127.0.0.1");
    assertThat(init.exitCode()).as(init.err()).isZero();
    return dir.toString();
  }

  @Test
  void reissuingAClientCertificateRefusesUnlessReplaceWhichRevokesTheOld() throws Exception {
    String d = init();
    Cli.Result first = Cli.run("cert", "client", "carl", "--dir", d);
    assertThat(first.exitCode()).as(first.err()).isZero();
    byte[] firstKey = Files.readAllBytes(dir.resolve("clients/carl/client.key"));

    Cli.Result again = Cli.run("cert", "client", "carl", "--dir", d);

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err())
        .startsWith("simplemqtt: carl already holds a valid certificate (serial ")
        .contains("--replace");
    assertThat(Files.readAllBytes(dir.resolve("clients/carl/client.key"))).isEqualTo(firstKey);

    Cli.Result replaced = Cli.run("cert", "client", "carl", "--dir", d, "--replace");

    assertThat(replaced.exitCode()).as(replaced.err()).isZero();
    assertThat(replaced.out())
        .contains("Issued client certificate carl")
        .contains("Revoked the old certificate of carl (serial ");
    assertThat(Files.readAllBytes(dir.resolve("clients/carl/client.key"))).isNotEqualTo(firstKey);
    Cli.Result table = Cli.run("cert", "list", "--dir", d);
    assertThat(table.out().lines().filter(row -> row.startsWith("client ")))
        .hasSize(2)
        .anyMatch(row -> row.endsWith("revoked"))
        .anyMatch(row -> row.endsWith("valid"));
  }

  @Test
  void initForceRefusesWhileItsBrokerRunsAndChangesNothing() throws Exception {
    String d = init();
    Cli.Result user =
        Cli.runWithStdin("s3cret\n", "user", "add", "alice", "--dir", d, "--password-stdin");
    assertThat(user.exitCode()).as(user.err()).isZero();
    Cli.Result start = Cli.run("broker", "start", "--dir", d);
    assertThat(start.exitCode()).as(start.err()).isZero();
    long pid = BrokerDirectory.open(dir).broker().status().pid().getAsLong();
    byte[] passwords = Files.readAllBytes(dir.resolve("config/.passwords"));

    Cli.Result force = Cli.run("init", d, "--host", "127.0.0.1", "--force");

    assertThat(force.exitCode()).isEqualTo(1);
    assertThat(force.err())
        .contains("mosquitto (pid " + pid + ") is running from " + dir)
        .contains("simplemqtt broker stop --dir " + dir);
    assertThat(Files.readAllBytes(dir.resolve("config/.passwords"))).isEqualTo(passwords);
    Cli.Result stop = Cli.run("broker", "stop", "--dir", d);
    assertThat(stop.exitCode()).as(stop.err()).isZero();
    assertThat(stop.out()).doesNotContain("not running");
  }
}
