package io.github.simplemqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.config.SystemdUnit;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.process.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated systemd unit starts a working broker on a directory fresh from {@code init}: its
 * own ExecStart runs as systemd would run it (as the unit's User and Group, in its
 * WorkingDirectory), with no {@code broker start} before.
 */
class SystemdUnitIT {
  @TempDir Path temp;
  private Process mosquitto;

  @AfterEach
  void stopMosquitto() throws Exception {
    if (mosquitto != null) {
      mosquitto.destroy(); // SIGTERM, as systemctl stop
      if (!mosquitto.waitFor(20, TimeUnit.SECONDS)) {
        mosquitto.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theUnitsExecStartServesTlsAndPasswordClientsOnAFreshDirectory() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "systemd starts the unit as root");
    // @TempDir is 0700; mosquitto drops to user mosquitto, which must enter it.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int[] ports = FreePorts.pick(2);
    BrokerSettings settings =
        BrokerSettings.builder()
            .hosts(List.of("127.0.0.1"))
            .port(ports[0])
            .tlsPort(ports[1])
            .bindAddress("127.0.0.1")
            .build();
    BrokerDirectory dir = BrokerDirectory.create(temp.resolve("broker"), settings, false);
    dir.setPassword("alice", "s3cret".toCharArray());
    ClientBundle bob = dir.issueClient("bob", 30);

    startTheUnit(dir, ports);

    assertThat(
            run(
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                "" + ports[0],
                "-u",
                "alice",
                "-P",
                "s3cret",
                "-t",
                "t",
                "-m",
                "x",
                "-q",
                "1"))
        .as("password client")
        .isZero();
    assertThat(
            run(
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                "" + ports[1],
                "--cafile",
                bob.chainFile().toString(),
                "--cert",
                bob.certificateFile().toString(),
                "--key",
                bob.keyFile().toString(),
                "-t",
                "t",
                "-m",
                "x",
                "-q",
                "1"))
        .as("TLS client")
        .isZero();
  }

  /** Runs the unit's ExecStart as systemd would, and waits until both listeners accept. */
  private void startTheUnit(BrokerDirectory dir, int[] ports) throws IOException {
    List<String> unit = Files.readAllLines(dir.path().resolve(SystemdUnit.FILE_NAME));
    List<String> command =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=" + value(unit, "User"),
                "--regid=" + value(unit, "Group"),
                "--init-groups"));
    command.addAll(Arrays.asList(value(unit, "ExecStart").split(" ")));
    Path output = temp.resolve("mosquitto.out");
    mosquitto =
        new ProcessBuilder(command)
            .directory(Path.of(value(unit, "WorkingDirectory")).toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .failFast("mosquitto exited: " + output, () -> !mosquitto.isAlive())
        .until(() -> accepts(ports[0]) && accepts(ports[1]));
  }

  @Test
  void anAclWrittenAfterInitIsObeyedAtStartAndAfterReload() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "systemd starts the unit as root");
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int[] ports = FreePorts.pick(2);
    BrokerSettings settings =
        BrokerSettings.builder()
            .hosts(List.of("127.0.0.1"))
            .port(ports[0])
            .tlsPort(ports[1])
            .bindAddress("127.0.0.1")
            .build();
    BrokerDirectory dir = BrokerDirectory.create(temp.resolve("broker"), settings, false);
    dir.setPassword("alice", "s3cret".toCharArray());
    // The ACL file is new here, written by root with mode 0600.
    dir.setAcl(AccessControlList.of(AclRule.forUser("alice", AclAccess.READWRITE, "sensors/#")));

    startTheUnit(dir, ports);
    assertThat(roundTrip(ports[0], "sensors/t")).as("granted at start").isTrue();

    dir.setAcl(
        AccessControlList.of(
            AclRule.forUser("alice", AclAccess.READWRITE, "sensors/#"),
            AclRule.forUser("alice", AclAccess.READWRITE, "rooms/#")));
    assertThat(run("kill", "-HUP", Long.toString(mosquitto.pid()))).isZero(); // ExecReload
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .failFast("mosquitto exited", () -> !mosquitto.isAlive())
        .until(() -> roundTrip(ports[0], "rooms/t"));
  }

  /** Whether alice's retained message on {@code topic} comes back to her (the ACL allows it). */
  private boolean roundTrip(int port, String topic) throws Exception {
    String[] alice = {"-h", "127.0.0.1", "-p", "" + port, "-u", "alice", "-P", "s3cret"};
    List<String> pub = new ArrayList<>(List.of("mosquitto_pub"));
    pub.addAll(List.of(alice));
    pub.addAll(List.of("-t", topic, "-m", "x", "-q", "1", "-r"));
    List<String> sub = new ArrayList<>(List.of("mosquitto_sub"));
    sub.addAll(List.of(alice));
    sub.addAll(List.of("-t", topic, "-C", "1", "-W", "3"));
    return run(pub.toArray(String[]::new)) == 0 && run(sub.toArray(String[]::new)) == 0;
  }

  private static String value(List<String> unit, String key) {
    return unit.stream()
        .filter(line -> line.startsWith(key + "="))
        .map(line -> line.substring(key.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the unit has no " + key + "= line"));
  }

  private int run(String... command) throws Exception {
    Path output = Files.createTempFile(temp, "run", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    if (process.exitValue() != 0) {
      System.err.println(Files.readString(output, StandardCharsets.UTF_8));
    }
    return process.exitValue();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
