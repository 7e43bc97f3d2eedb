package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.process.BrokerProcessException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A pid file naming a process this kit did not start never gets that process signalled. */
class StalePidFileIT {
  @RegisterExtension final StopBrokers brokers = new StopBrokers();

  @TempDir Path temp;

  @Test
  void aLiveProcessWithAnotherStartTimeIsNotSignalled() throws Exception {
    Process sleeper = brokers.track(new ProcessBuilder("sleep", "300").start());
    Instant realStart = sleeper.info().startInstant().orElseThrow();
    LocalBroker broker = brokers.track(LocalBroker.of(BrokerDirs.create(temp, FreePorts.pick())));
    new PidFile(sleeper.pid(), Optional.of(realStart.minusSeconds(100)), List.of(1883))
        .write(broker.pidFile());

    BrokerStatus status = broker.status();

    assertThat(status.state()).isEqualTo(BrokerStatus.State.STALE);
    assertThat(status.pid()).hasValue(sleeper.pid());
    assertThat(status.description()).contains("stale", "pid " + sleeper.pid(), "started at");
    assertThat(broker.pidFile()).doesNotExist();
    assertThat(sleeper.isAlive()).isTrue();
  }

  @Test
  void aLiveProcessThatIsNotMosquittoIsNotSignalledEvenWithTheRightStartTime() throws Exception {
    Process sleeper = brokers.track(new ProcessBuilder("sleep", "300").start());
    LocalBroker broker = brokers.track(LocalBroker.of(BrokerDirs.create(temp, FreePorts.pick())));
    PidFile pidFile = new PidFile(sleeper.pid(), sleeper.info().startInstant(), List.of(1883));

    pidFile.write(broker.pidFile());
    assertThat(broker.stop()).isFalse();
    pidFile.write(broker.pidFile());
    assertThat(broker.kill()).isFalse();
    pidFile.write(broker.pidFile());
    assertThatThrownBy(broker::reload)
        .isInstanceOfSatisfying(
            BrokerProcessException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_RUNNING));
    pidFile.write(broker.pidFile());
    assertThat(broker.status().description()).contains("not mosquitto");

    assertThat(broker.pidFile()).doesNotExist();
    assertThat(sleeper.isAlive()).isTrue();
  }

  @Test
  void aMosquittoThisKitDidNotStartIsNeitherStoppedNorKilled() throws Exception {
    // A real mosquitto whose pid the file names, as after a reboot reused the pid: only the start
    // time tells it apart from ours.
    int port = FreePorts.pick();
    Process stranger =
        brokers.track(
            new ProcessBuilder("mosquitto", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start());
    Instant realStart = stranger.info().startInstant().orElseThrow();
    LocalBroker broker = brokers.track(LocalBroker.of(BrokerDirs.create(temp, FreePorts.pick())));
    PidFile wrongStart =
        new PidFile(stranger.pid(), Optional.of(realStart.minusSeconds(3_600)), List.of(port));

    wrongStart.write(broker.pidFile());
    assertThat(broker.kill()).isFalse();
    wrongStart.write(broker.pidFile());
    assertThat(broker.stop()).isFalse();
    wrongStart.write(broker.pidFile());
    assertThat(broker.status().state()).isEqualTo(BrokerStatus.State.STALE);

    assertThat(stranger.isAlive()).isTrue();
    assertThat(broker.pidFile()).doesNotExist();
  }

  @Test
  void thisJvmsOwnPidIsNotSignalledAndStartStillWorks() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    int port = FreePorts.pick();
    LocalBroker broker = brokers.track(LocalBroker.of(BrokerDirs.create(temp, port)));
    new PidFile(self.pid(), Optional.of(Instant.parse("2001-01-01T00:00:00Z")), List.of(port))
        .write(broker.pidFile());

    RunningBroker running = broker.start();

    assertThat(running.pid()).isNotEqualTo(self.pid());
    assertThat(PidFile.read(broker.pidFile()).orElseThrow().pid()).isEqualTo(running.pid());
    assertThat(self.isAlive()).isTrue();
  }
}
