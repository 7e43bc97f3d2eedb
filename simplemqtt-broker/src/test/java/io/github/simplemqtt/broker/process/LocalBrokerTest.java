package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.process.BrokerProcessException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LocalBroker behaviour that needs no mosquitto process. */
class LocalBrokerTest {

  @Test
  void findsThePortMosquittoCouldNotBind() {
    List<String> output =
        List.of(
            "1: Opening ipv4 listen socket on port 18831.",
            "1: Opening ipv4 listen socket on port 18832.",
            "1: Error: Address already in use");

    assertThat(LocalBroker.portInUse(output)).isEqualTo(18832);
    assertThat(LocalBroker.portInUse(List.of("1: Error: Address already in use"))).isZero();
    assertThat(LocalBroker.portInUse(List.of("1: Error: Unknown configuration variable")))
        .isEqualTo(-1);
  }

  @Test
  void pathsAreInsideTheBrokerDirectory(@TempDir Path dir) {
    LocalBroker broker = LocalBroker.of(dir);

    assertThat(broker.configFile()).isEqualTo(dir.resolve("config/mosquitto.conf"));
    assertThat(broker.pidFile()).isEqualTo(dir.resolve("simplemqtt.pid"));
    assertThat(broker.outputFile()).isEqualTo(dir.resolve("log/mosquitto.out"));
    assertThat(broker.logFile()).isEqualTo(dir.resolve("log/mosquitto.log"));
  }

  @Test
  void theLogFileComesFromTheConfig(@TempDir Path dir) {
    BrokerDirs.writeConfig(dir, "listener 1883\nlog_dest file log/broker.log\n");

    assertThat(LocalBroker.of(dir).logFile()).isEqualTo(dir.resolve("log/broker.log"));
  }

  @Test
  void anEmptyDirectoryIsStopped(@TempDir Path dir) {
    BrokerStatus status = LocalBroker.of(dir).status();

    assertThat(status.state()).isEqualTo(BrokerStatus.State.STOPPED);
    assertThat(status.pid()).isEmpty();
    assertThat(status.description()).contains("not running", "simplemqtt.pid");
    assertThat(LocalBroker.of(dir).stop()).isFalse();
    assertThat(LocalBroker.of(dir).kill()).isFalse();
    assertThat(LocalBroker.of(dir).logTail(5)).isEmpty();
  }

  @Test
  void anUnreadablePidFileIsStaleAndRemoved(@TempDir Path dir) throws Exception {
    LocalBroker broker = LocalBroker.of(dir);
    Files.writeString(broker.pidFile(), "garbage\n");

    BrokerStatus status = broker.status();

    assertThat(status.state()).isEqualTo(BrokerStatus.State.STALE);
    assertThat(status.description()).contains("stale", "cannot be read");
    assertThat(broker.pidFile()).doesNotExist();
  }

  @Test
  void startWithoutConfigSaysSo(@TempDir Path dir) {
    LocalBroker broker = LocalBroker.builder(dir).mosquittoExecutable(Path.of("/bin/sh")).build();

    assertThatThrownBy(broker::start)
        .isInstanceOfSatisfying(
            BrokerProcessException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CONFIG_MISSING))
        .hasMessageContaining(dir.resolve("config/mosquitto.conf").toString());
  }

  @Test
  void reloadWithoutABrokerSaysItIsNotRunning(@TempDir Path dir) {
    BrokerDirs.writeConfig(dir, "listener 1883\n");

    assertThatThrownBy(() -> LocalBroker.of(dir).reload())
        .isInstanceOfSatisfying(
            BrokerProcessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_RUNNING))
        .hasMessageContaining("not running");
  }

  @Test
  void timeoutsAreValidatedAtOnce(@TempDir Path dir) {
    LocalBroker.Builder builder = LocalBroker.builder(dir);

    assertThatThrownBy(() -> builder.startTimeout(Duration.ZERO))
        .hasMessageContaining("startTimeout must be more than 0 and at most 10 min");
    assertThatThrownBy(() -> builder.stopTimeout(Duration.ofHours(1)))
        .hasMessageContaining("stopTimeout");
  }

  @Test
  void durationsReadNaturally() {
    assertThat(LocalBroker.describe(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(LocalBroker.describe(Duration.ofSeconds(10))).isEqualTo("10 s");
    assertThat(LocalBroker.describe(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(LocalBroker.describe(Duration.ofSeconds(192))).isEqualTo("3 min 12 s");
  }

  @Test
  void permissionsPrintInOctal() {
    assertThat(
            BrokerUser.octal(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")))
        .isEqualTo("700");
    assertThat(
            BrokerUser.octal(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")))
        .isEqualTo("644");
  }
}
