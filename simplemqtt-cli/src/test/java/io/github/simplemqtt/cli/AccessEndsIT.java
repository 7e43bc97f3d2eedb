package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.process.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access ends with its removal: no certificate or password outlives what the user discarded. */
class AccessEndsIT {

  @TempDir Path temp;
  private Path dir;
  private int port;
  private int tlsPort;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopBroker() {
    started.forEach(Process::destroyForcibly);
    if (dir != null && Files.exists(dir)) {
      BrokerDirectory.open(dir).broker().stop();
    }
  }

  private String init() throws Exception {
    // @TempDir is 0700; mosquitto started as root drops to user mosquitto, which must enter it.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int[] ports = FreePorts.pick(2);
    dir = temp.resolve("mosquitto");
    port = ports[0];
    tlsPort = ports[1];
    Cli.Result init = Cli.initOnLoopback(dir, ports[0], ports[1]);
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

  @Test
  void revokingEndsTheLiveSessionWhileAnotherUsersQueuedMessagesSurvive() throws Exception {
    String d = init();
    assertThat(
            Cli.runWithStdin("s3cret\n", "user", "add", "alice", "--dir", d, "--password-stdin")
                .exitCode())
        .isZero();
    assertThat(Cli.run("cert", "client", "carl", "--dir", d).exitCode()).isZero();
    assertThat(Cli.run("broker", "start", "--dir", d).exitCode()).isZero();
    Path log = dir.resolve("log/mosquitto.log");

    // alice's persistent QoS 1 session (clean start off) subscribes, goes offline, and 20 messages
    // queue up for it.
    assertThat(run(alice("mosquitto_sub", "-i", "alice-sub", "-c", "-q", "1", "-t", "q/#", "-E")))
        .isZero();
    for (int i = 1; i <= 20; i++) {
      assertThat(run(alice("mosquitto_pub", "-q", "1", "-t", "q/" + i, "-m", "m" + i))).isZero();
    }

    // carl is connected with his certificate and receives.
    Path carlOut = temp.resolve("carl.out");
    Process carl =
        start(carlOut, carl("mosquitto_sub", "-i", "carl-sub", "-q", "1", "-t", "t/#", "-v"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> read(log).contains("as carl-sub (p2, c1, k60, u'carl')"));
    assertThat(run(alice("mosquitto_pub", "-q", "1", "-t", "t/before", "-m", "x"))).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> read(carlOut).contains("t/before x"));

    Cli.Result revoke = Cli.run("cert", "revoke", "carl", "--dir", d);

    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains("ended 1 live session of carl");
    // A retained message reaches carl the moment his subscriber gets back in; it must not.
    assertThat(run(alice("mosquitto_pub", "-q", "1", "-r", "-t", "t/after", "-m", "y"))).isZero();
    // alice's session and its 20 queued messages survived the restart.
    Path aliceOut = temp.resolve("alice.out");
    Process aliceAgain =
        start(
            aliceOut,
            alice("mosquitto_sub", "-i", "alice-sub", "-c", "-q", "1", "-t", "q/#", "-C", "20"));
    assertThat(aliceAgain.waitFor(60, TimeUnit.SECONDS)).as("alice got 20 messages").isTrue();
    assertThat(read(aliceOut).lines())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "m" + i).toList());
    // carl cannot come back: a new handshake with his certificate fails.
    assertThat(run(carl("mosquitto_sub", "-t", "t/#", "-C", "1", "-W", "5"))).isNotZero();
    assertThat(read(carlOut)).doesNotContain("t/after");
    carl.destroyForcibly();
  }

  @Test
  void removingAUserEndsTheirLiveSession() throws Exception {
    String d = init();
    assertThat(
            Cli.runWithStdin("s3cret\n", "user", "add", "alice", "--dir", d, "--password-stdin")
                .exitCode())
        .isZero();
    assertThat(Cli.run("broker", "start", "--dir", d).exitCode()).isZero();
    Path log = dir.resolve("log/mosquitto.log");
    Path aliceOut = temp.resolve("alice.out");
    start(aliceOut, alice("mosquitto_sub", "-i", "alice-live", "-t", "t/#", "-v"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> read(log).contains("as alice-live (p2, c1, k60, u'alice')"));

    Cli.Result remove = Cli.run("user", "remove", "alice", "--dir", d);

    assertThat(remove.exitCode()).as(remove.err()).isZero();
    assertThat(remove.out()).contains("ended 1 live session of alice");
    String afterRestart = read(log).substring(read(log).lastIndexOf(" starting"));
    assertThat(afterRestart).doesNotContain("as alice-live");
    assertThat(run(alice("mosquitto_pub", "-t", "t/x", "-m", "z"))).isNotZero();
  }

  private List<String> alice(String tool, String... args) {
    List<String> command = new ArrayList<>(List.of(tool, "-h", "127.0.0.1", "-p", "" + port));
    command.addAll(List.of("-u", "alice", "-P", "s3cret", "-V", "mqttv311"));
    command.addAll(List.of(args));
    return command;
  }

  private List<String> carl(String tool, String... args) {
    Path bundle = dir.resolve("clients/carl");
    List<String> command = new ArrayList<>(List.of(tool, "-h", "127.0.0.1", "-p", "" + tlsPort));
    command.addAll(
        List.of(
            "--cafile",
            bundle.resolve("chain.crt").toString(),
            "--cert",
            bundle.resolve("client.crt").toString(),
            "--key",
            bundle.resolve("client.key").toString(),
            "-V",
            "mqttv311"));
    command.addAll(List.of(args));
    return command;
  }

  private Process start(Path output, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    started.add(process);
    return process;
  }

  private int run(List<String> command) throws Exception {
    Path output = Files.createTempFile(temp, "run", ".out");
    Process process = start(output, command);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return process.exitValue();
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
