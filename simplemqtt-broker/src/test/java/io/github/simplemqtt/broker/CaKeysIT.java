package io.github.simplemqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.simplemqtt.broker.config.DockerCompose;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.process.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA keys live in ca/, which neither mosquitto nor its Docker container can read. */
class CaKeysIT {
  @TempDir Path temp;
  private BrokerDirectory started;

  @AfterEach
  void stopBroker() {
    if (started != null) {
      started.broker().stop();
    }
  }

  @Test
  void initKeepsTheCaKeysInAPrivateFolderThatComposeDoesNotMount() throws Exception {
    BrokerDirectory dir = create();

    try (Stream<Path> certs = Files.walk(dir.path().resolve("certs"))) {
      assertThat(certs.filter(file -> file.toString().endsWith(".key")))
          .containsExactly(dir.path().resolve("certs/server.key"));
    }
    assertThat(dir.caKeyDirectory()).isEqualTo(dir.path().resolve("ca"));
    assertThat(Files.getPosixFilePermissions(dir.caKeyDirectory()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    for (String key : List.of("rootCA.key", "signingCA.key")) {
      assertThat(Files.getPosixFilePermissions(dir.caKeyDirectory().resolve(key)))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
    List<String> mounts =
        Files.readAllLines(dir.path().resolve(DockerCompose.FILE_NAME)).stream()
            .map(String::strip)
            .filter(line -> line.startsWith("- ./"))
            .toList();
    assertThat(mounts).isNotEmpty().noneMatch(line -> line.startsWith("- ./ca"));
    for (String mount : mounts) {
      Path mounted = dir.path().resolve(mount.substring(4, mount.indexOf(':')));
      try (Stream<Path> files = Files.walk(mounted)) {
        assertThat(files.filter(file -> file.toString().endsWith("CA.key"))).isEmpty();
      }
    }
  }

  @Test
  void asRootTheBrokerUserCannotReadTheCaKeysAfterInitOrStart() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root and user mosquitto");
    // @TempDir is 0700; mosquitto drops to user mosquitto, which must enter it.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    BrokerDirectory dir = create();
    assertReadableByMosquittoOnly(dir);

    started = dir;
    dir.broker().start();

    assertReadableByMosquittoOnly(dir);
    assertThat(Files.getOwner(dir.caKeyDirectory()).getName()).isEqualTo("root");
  }

  @Test
  void anOldLayoutIsMigratedOnceAndIssuingStillWorks() throws Exception {
    BrokerDirectory made = create();
    Path ca = made.caKeyDirectory();
    Path certs = made.path().resolve("certs");
    byte[] signingKey = Files.readAllBytes(ca.resolve("signingCA.key"));
    oldLayout(made.path());

    List<String> notices = new ArrayList<>();
    BrokerDirectory dir = BrokerDirectory.open(made.path(), notices::add);

    assertThat(notices)
        .containsExactly("Moved the CA keys from certs/ to ca/ so the broker cannot read them.");
    assertThat(certs.resolve("rootCA.key")).doesNotExist();
    assertThat(certs.resolve("signingCA.key")).doesNotExist();
    assertThat(ca.resolve("signingCA.key")).hasBinaryContent(signingKey);
    assertThat(Files.getPosixFilePermissions(ca))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(ca.resolve("rootCA.key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    ClientBundle bob = dir.issueClient("bob", 30);
    assertThat(
            openssl(
                "verify", "-CAfile", dir.chainFile().toString(), bob.certificateFile().toString()))
        .contains("OK");

    BrokerDirectory.open(made.path(), notices::add);
    assertThat(notices).hasSize(1);
  }

  @Test
  void aMigrationCutShortAfterCopyingIsFinishedByTheNextOpen() throws Exception {
    BrokerDirectory made = create();
    Path certs = made.path().resolve("certs");
    // A crash between writing ca/signingCA.key and deleting certs/signingCA.key leaves both.
    Files.copy(made.caKeyDirectory().resolve("signingCA.key"), certs.resolve("signingCA.key"));

    List<String> notices = new ArrayList<>();
    BrokerDirectory dir = BrokerDirectory.open(made.path(), notices::add);

    assertThat(notices).hasSize(1);
    assertThat(certs.resolve("signingCA.key")).doesNotExist();
    assertThat(dir.pki().isLocked()).isFalse();
    assertThat(dir.issueClient("carol", 30).keyFile()).exists();
  }

  @Test
  void twoDifferentKeysForOneCaAreRefusedAndLeftInPlace() throws Exception {
    BrokerDirectory made = create();
    Path stray = made.path().resolve("certs/rootCA.key");
    Files.writeString(stray, "-----BEGIN PRIVATE KEY-----\nnot this CA's\n");

    assertThatThrownBy(() -> BrokerDirectory.open(made.path()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(stray + " and " + made.caKeyDirectory().resolve("rootCA.key"))
        .hasMessageContaining("hold different keys");
    assertThat(stray).exists();
  }

  private BrokerDirectory create() {
    int[] ports = FreePorts.pick(2);
    BrokerSettings settings =
        BrokerSettings.builder()
            .hosts(List.of("127.0.0.1"))
            .port(ports[0])
            .tlsPort(ports[1])
            .bindAddress("127.0.0.1")
            .build();
    return BrokerDirectory.create(temp.resolve("broker"), settings, false);
  }

  /** The layout of kits before ca/: both CA keys in certs/, no ca/ folder. */
  static void oldLayout(Path dir) throws IOException {
    for (String key : List.of("rootCA.key", "signingCA.key")) {
      Files.move(dir.resolve("ca").resolve(key), dir.resolve("certs").resolve(key));
    }
    Files.delete(dir.resolve("ca"));
  }

  /** The broker's user reads what mosquitto needs, and neither CA key nor the ca/ folder. */
  private void assertReadableByMosquittoOnly(BrokerDirectory dir) throws Exception {
    assertThat(asMosquitto("cat", dir.path().resolve("certs/server.key").toString()))
        .as("control: user mosquitto reads the server key")
        .isZero();
    assertThat(asMosquitto("ls", dir.caKeyDirectory().toString())).isNotZero();
    for (String key : List.of("rootCA.key", "signingCA.key")) {
      assertThat(asMosquitto("cat", dir.caKeyDirectory().resolve(key).toString()))
          .as("user mosquitto reading ca/%s", key)
          .isNotZero();
    }
  }

  private int asMosquitto(String... command) throws Exception {
    List<String> line =
        new ArrayList<>(
            List.of("setpriv", "--reuid=mosquitto", "--regid=mosquitto", "--clear-groups"));
    line.addAll(List.of(command));
    Process process =
        new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(devNull()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  private String openssl(String... args) throws Exception {
    List<String> line = new ArrayList<>(List.of("openssl"));
    line.addAll(List.of(args));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static java.io.File devNull() {
    return new java.io.File("/dev/null");
  }
}
