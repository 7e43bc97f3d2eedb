package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.pki.Pki;
import io.github.simplemqtt.broker.process.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsIT {

  @TempDir Path temp;

  @Test
  void initUserCertBrokerPubSubWithRealMosquittoTools() throws Exception {
    // @TempDir is 0700; mosquitto started as root drops to user mosquitto, which must enter it.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int[] ports = FreePorts.pick(2);
    String port = Integer.toString(ports[0]);
    String tlsPort = Integer.toString(ports[1]);
    Path dir = temp.resolve("mosquitto");
    String d = dir.toString();

    Cli.Result init =
        Cli.run(
            "init",
            d,
            "--host",
            "127.0.0.1",
            "--port",
            port,
            "--tls-port",
            tlsPort,
            "--bind",
            "127.0.0.1");
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out()).contains("Created broker directory").contains("Next steps:");

    Cli.Result user =
        Cli.runWithStdin("s3cret\n", "user", "add", "alice", "--dir", d, "--password-stdin");
    assertThat(user.exitCode()).as(user.err()).isZero();
    Cli.Result cert = Cli.run("cert", "client", "bob", "--dir", d);
    assertThat(cert.exitCode()).as(cert.err()).isZero();

    Cli.Result start = Cli.run("broker", "start", "--dir", d);
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out()).startsWith("mosquitto started (pid ");
    try {
      Cli.Result status = Cli.run("broker", "status", "--dir", d);
      assertThat(status.exitCode()).isZero();
      assertThat(status.out()).contains("running");

      // Retained messages make the order of publisher and subscriber not matter.
      Cli.Result pub =
          Cli.run(
              "pub",
              "--dir",
              d,
              "--as",
              "bob",
              "-t",
              "cli/from-java",
              "-m",
              "hello",
              "-r",
              "-q",
              "1");
      assertThat(pub.exitCode()).as(pub.err()).isZero();
      Path bob = dir.resolve("clients/bob");
      List<String> tls =
          List.of(
              "-h",
              "127.0.0.1",
              "-p",
              tlsPort,
              "--cafile",
              bob.resolve("chain.crt").toString(),
              "--cert",
              bob.resolve("client.crt").toString(),
              "--key",
              bob.resolve("client.key").toString());
      assertThat(mosquitto("mosquitto_sub", tls, "-t", "cli/from-java", "-C", "1", "-W", "10"))
          .isEqualTo("hello\n");

      assertThat(mosquitto("mosquitto_pub", tls, "-t", "cli/to-java", "-m", "hi", "-r", "-q", "1"))
          .isEmpty();
      Cli.Result sub =
          Cli.run("sub", "--dir", d, "--as", "bob", "-t", "cli/#", "-C", "2", "-W", "10", "-v");
      assertThat(sub.exitCode()).as(sub.err()).isZero();
      assertThat(sub.out().lines())
          .containsExactlyInAnyOrder("cli/from-java hello", "cli/to-java hi");

      Cli.Result password =
          Cli.run(
              "pub",
              "-h",
              "127.0.0.1",
              "-p",
              port,
              "-u",
              "alice",
              "-P",
              "s3cret",
              "-t",
              "cli/pw",
              "-m",
              "x",
              "-q",
              "1",
              "-V",
              "311");
      assertThat(password.exitCode()).as(password.err()).isZero();
      // The safe forms: the password on standard input or in the environment, not in argv.
      Cli.Result stdin =
          Cli.runWithStdin(
              "s3cret\n",
              "pub",
              "-h",
              "127.0.0.1",
              "-p",
              port,
              "-u",
              "alice",
              "--password-stdin",
              "-t",
              "cli/pw",
              "-m",
              "x",
              "-q",
              "1");
      assertThat(stdin.exitCode()).as(stdin.err()).isZero();
      Cli.Result environment =
          Cli.runWith(
              "",
              Map.of(ConnectionOptions.PASSWORD_VARIABLE, "s3cret"),
              "pub",
              "-h",
              "127.0.0.1",
              "-p",
              port,
              "-u",
              "alice",
              "-t",
              "cli/pw",
              "-m",
              "x",
              "-q",
              "1");
      assertThat(environment.exitCode()).as(environment.err()).isZero();
      Cli.Result noPassword =
          Cli.run("pub", "-h", "127.0.0.1", "-p", port, "-u", "alice", "-t", "cli/pw", "-m", "x");
      assertThat(noPassword.err()).contains("not authorised");
      Cli.Result doctor =
          Cli.runWithStdin(
              "s3cret\n",
              "doctor",
              "-h",
              "127.0.0.1",
              "-p",
              port,
              "-u",
              "alice",
              "--password-stdin");
      assertThat(doctor.exitCode()).as(doctor.out()).isZero();
      assertThat(doctor.out()).contains("accepted as alice");
      Cli.Result subStdin =
          Cli.runWithStdin(
              "s3cret\n",
              "sub",
              "-h",
              "127.0.0.1",
              "-p",
              port,
              "-u",
              "alice",
              "--password-stdin",
              "-t",
              "cli/from-java",
              "-C",
              "1",
              "-W",
              "10");
      assertThat(subStdin.out()).isEqualTo("hello\n");

      Cli.Result wrong =
          Cli.run(
              "pub",
              "-h",
              "127.0.0.1",
              "-p",
              port,
              "-u",
              "alice",
              "-P",
              "wrong",
              "-t",
              "cli/pw",
              "-m",
              "x");
      assertThat(wrong.exitCode()).isEqualTo(1);
      assertThat(wrong.errLines()).hasSize(1);
      assertThat(wrong.err()).startsWith("simplemqtt: ").contains("not authorised");

      // Words for the wrong protocol on a port, not "Connection reset".
      Cli.Result tlsOnPlain =
          Cli.run(
              "pub",
              "-h",
              "127.0.0.1",
              "-p",
              port,
              "--cafile",
              bob.resolve("chain.crt").toString(),
              "--cert",
              bob.resolve("client.crt").toString(),
              "--key",
              bob.resolve("client.key").toString(),
              "-t",
              "cli/x",
              "-m",
              "x");
      assertThat(tlsOnPlain.exitCode()).isEqualTo(1);
      assertThat(tlsOnPlain.err())
          .startsWith("simplemqtt: Port " + port + " of 127.0.0.1 speaks plain MQTT, not TLS:");
      Cli.Result plainOnTls =
          Cli.run(
              "pub",
              "-h",
              "127.0.0.1",
              "-p",
              tlsPort,
              "-u",
              "alice",
              "-P",
              "s3cret",
              "-t",
              "x",
              "-m",
              "x");
      assertThat(plainOnTls.exitCode()).isEqualTo(1);
      assertThat(plainOnTls.err())
          .startsWith("simplemqtt: Port " + tlsPort + " of 127.0.0.1 speaks TLS, not plain MQTT:");

      Cli.Result again = Cli.run("broker", "start", "--dir", d);
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(again.err())
          .contains("already runs for " + d + " (pid ")
          .contains("`simplemqtt broker stop --dir " + d + "`")
          .doesNotContain("restart()");

      Cli.Result silent = Cli.run("sub", "--dir", d, "--as", "bob", "-t", "cli/nothing", "-W", "1");
      assertThat(silent.exitCode()).isEqualTo(1);
      assertThat(silent.err()).isEqualTo("simplemqtt: no message within 1 s\n");

      Cli.Result logs = Cli.run("broker", "logs", "-n", "5", "--dir", d);
      assertThat(logs.exitCode()).isZero();
      assertThat(logs.out().lines()).hasSizeBetween(1, 5);
    } finally {
      Cli.Result stop = Cli.run("broker", "stop", "--dir", d);
      assertThat(stop.out()).isEqualTo("mosquitto stopped.\n");
    }
    Cli.Result stopped = Cli.run("broker", "status", "--dir", d);
    assertThat(stopped.exitCode()).isEqualTo(3);
  }

  @Test
  void brokerStartRenewsACrlThatIsHalfWayToItsNextUpdate() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int[] ports = FreePorts.pick(2);
    Path dir = temp.resolve("mosquitto");
    BrokerDirectory.create(
        dir,
        BrokerSettings.builder()
            .hosts(List.of("127.0.0.1"))
            .port(ports[0])
            .tlsPort(ports[1])
            .bindAddress("127.0.0.1")
            .build(),
        false);
    BrokerDirectory.open(dir).issueClient("bob", 30);
    // A revocation signed 200 days ago: the CRL it wrote is past half of its lifetime now.
    Pki.open(
            dir.resolve("certs"),
            dir.resolve("ca"),
            null,
            Clock.fixed(Instant.now().minus(Duration.ofDays(200)), ZoneOffset.UTC))
        .revoke("bob");
    String old = Files.readString(dir.resolve("certs/crl.pem"));
    String d = dir.toString();

    Cli.Result start = Cli.run("broker", "start", "--dir", d);
    try {
      assertThat(start.exitCode()).as(start.err()).isZero();
      assertThat(start.out()).startsWith("Renewed the certificate revocation list (crl.pem).");
      assertThat(Files.readString(dir.resolve("certs/crl.pem"))).isNotEqualTo(old);
      assertThat(Cli.run("cert", "list", "--dir", d).out())
          .containsPattern("client +bob +[0-9A-F]+ +\\S+ +revoked");
    } finally {
      Cli.run("broker", "stop", "--dir", d);
    }
    Cli.Result again = Cli.run("broker", "start", "--dir", d);
    Cli.run("broker", "stop", "--dir", d);
    assertThat(again.out()).startsWith("mosquitto started");
  }

  @Test
  void aCrashedBrokersStatusPrintsNoLogLines() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int[] ports = FreePorts.pick(2);
    Path dir = temp.resolve("mosquitto");
    BrokerDirectory.create(
        dir,
        BrokerSettings.builder()
            .hosts(List.of("127.0.0.1"))
            .port(ports[0])
            .tlsPort(ports[1])
            .bindAddress("127.0.0.1")
            .build(),
        false);
    String d = dir.toString();
    assertThat(Cli.run("broker", "start", "--dir", d).exitCode()).isZero();
    ProcessHandle mosquitto =
        ProcessHandle.of(BrokerDirectory.open(dir).broker().status().pid().orElseThrow())
            .orElseThrow();
    mosquitto.destroyForcibly();
    mosquitto.onExit().get(30, TimeUnit.SECONDS);

    // The built command line with its own logging setup: the in-process runs share this JVM's.
    Process status =
        new ProcessBuilder(Cli.BUILT.toString(), "broker", "status", "--dir", d)
            .redirectOutput(temp.resolve("out.txt").toFile())
            .redirectError(temp.resolve("err.txt").toFile())
            .start();
    assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(status.exitValue()).isEqualTo(3);
    assertThat(Files.readString(temp.resolve("out.txt"))).contains("stale");
    assertThat(Files.readString(temp.resolve("err.txt"))).isEmpty();
  }

  static String mosquitto(String tool, List<String> connection, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(connection);
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as(tool + " finished").isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(output).isZero();
      return output;
    } finally {
      process.destroyForcibly();
    }
  }
}
