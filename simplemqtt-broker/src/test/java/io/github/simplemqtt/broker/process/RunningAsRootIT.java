package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.simplemqtt.broker.internal.AtomicFiles;
import io.github.simplemqtt.broker.process.BrokerProcessException.Reason;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** As root, mosquitto runs as user 'mosquitto': it gets exactly the files it needs. */
class RunningAsRootIT {
  @RegisterExtension final StopBrokers brokers = new StopBrokers();

  @TempDir Path temp;

  @BeforeEach
  void onlyAsRootWithAMosquittoUser() throws Exception {
    assumeTrue(BrokerUser.isRoot(), "these tests need root");
    try {
      FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("mosquitto");
    } catch (UserPrincipalNotFoundException e) {
      // Installing the mosquitto package creates the user; ./test.sh installs it.
      throw new AssertionError(
          "There is no 'mosquitto' user; install mosquitto (sudo apt-get install mosquitto).", e);
    }
  }

  @Test
  void theBrokerUserGetsItsFilesWithTheirModesAndCaKeysStayWithRoot() throws Exception {
    int port = FreePorts.pick();
    Path dir =
        BrokerDirs.create(
            temp,
            "allow_anonymous false\npassword_file config/.passwords\nacl_file config/acl\n",
            port);
    Path scratch = temp.resolve("scratch");
    assertThat(
            BrokerDirs.run(temp, "mosquitto_passwd", "-c", "-b", scratch.toString(), "alice", "pw")
                .exitCode())
        .isZero();
    AtomicFiles.writePrivate(dir.resolve("config/.passwords"), Files.readString(scratch));
    AtomicFiles.writePublic(dir.resolve("config/acl"), "user alice\ntopic readwrite #\n");
    // Not real keys: ownership is what is under test, and mosquitto does not read them here.
    for (String name : new String[] {"server.key", "rootCA.key", "signingCA.key"}) {
      AtomicFiles.writePrivate(dir.resolve("certs/" + name), "placeholder\n");
    }
    AtomicFiles.writePublic(dir.resolve("certs/crl.pem"), "placeholder\n");
    LocalBroker broker = brokers.track(LocalBroker.of(dir));

    RunningBroker running = broker.start();

    assertThat(ProcessHandle.of(running.pid()).orElseThrow().info().user()).contains("mosquitto");
    // mosquitto, as user mosquitto, read the password file and the ACL:
    assertThat(BrokerDirs.publish(port, "alice", "pw").exitCode()).isZero();
    assertOwnedBy(dir.resolve("config/.passwords"), "mosquitto", "rw-------");
    assertOwnedBy(dir.resolve("config/acl"), "mosquitto", "rw-r--r--");
    assertOwnedBy(dir.resolve("certs/server.key"), "mosquitto", "rw-------");
    assertOwnedBy(dir.resolve("certs/crl.pem"), "mosquitto", "rw-r--r--");
    assertOwnedBy(dir.resolve("certs/rootCA.key"), "root", "rw-------");
    assertOwnedBy(dir.resolve("certs/signingCA.key"), "root", "rw-------");
    assertThat(Files.getOwner(dir.resolve("data")).getName()).isEqualTo("mosquitto");
    assertThat(Files.getOwner(dir.resolve("log")).getName()).isEqualTo("mosquitto");
    assertThat(Files.getOwner(dir.resolve("log/mosquitto.log")).getName()).isEqualTo("mosquitto");
    assertThat(Files.getOwner(dir.resolve("config/mosquitto.conf")).getName()).isEqualTo("root");
    assertThat(Files.getOwner(broker.pidFile()).getName()).isEqualTo("root");
  }

  @Test
  void reloadHandsOverAPasswordFileCreatedWhileRunning() throws Exception {
    int port = FreePorts.pick();
    Path dir = BrokerDirs.create(temp, port);
    LocalBroker broker = brokers.track(LocalBroker.of(dir));
    broker.start();
    Path scratch = temp.resolve("scratch");
    BrokerDirs.run(temp, "mosquitto_passwd", "-c", "-b", scratch.toString(), "bob", "pw");
    Path passwords = dir.resolve("config/.passwords");
    AtomicFiles.writePrivate(passwords, Files.readString(scratch));
    BrokerDirs.writeConfig(
        dir, BrokerDirs.config("allow_anonymous false\npassword_file config/.passwords\n", port));
    assertThat(Files.getOwner(passwords).getName()).isEqualTo("root");

    assertThat(broker.reload()).isTrue();

    assertOwnedBy(passwords, "mosquitto", "rw-------");
    assertThat(BrokerDirs.publish(port, "bob", "pw").exitCode()).isZero();
    assertThat(BrokerDirs.publish(port, null, null).exitCode()).isNotZero();
  }

  @Test
  void aDirectoryTheBrokerUserCannotEnterIsNamedWithTheFix() throws Exception {
    // @TempDir is mode 0700 and owned by root: exactly the case to catch.
    Path dir = temp.resolve("broker");
    BrokerDirs.writeConfig(dir, BrokerDirs.config("allow_anonymous true\n", FreePorts.pick()));
    assertThat(Files.getPosixFilePermissions(temp))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    LocalBroker broker = brokers.track(LocalBroker.of(dir));

    BrokerProcessException e = catchThrowableOfType(BrokerProcessException.class, broker::start);

    Path real = temp.toRealPath();
    assertThat(e.reason()).isEqualTo(Reason.DIRECTORY_NOT_ACCESSIBLE);
    assertThat(e)
        .hasMessage(
            "mosquitto runs as user 'mosquitto' and cannot enter "
                + real
                + " (mode 700, owner root): run chmod o+x "
                + real
                + " or use a directory under /srv or your home.");
    assertThat(broker.pidFile()).doesNotExist();
    assertThat(dir.resolve("log/mosquitto.out")).doesNotExist();
  }

  private static void assertOwnedBy(Path file, String owner, String mode) throws Exception {
    assertThat(Files.getOwner(file).getName()).as("owner of %s", file).isEqualTo(owner);
    assertThat(Files.getPosixFilePermissions(file))
        .as("mode of %s", file)
        .isEqualTo(PosixFilePermissions.fromString(mode));
  }
}
