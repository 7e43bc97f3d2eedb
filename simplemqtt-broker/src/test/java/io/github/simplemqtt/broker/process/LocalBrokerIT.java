package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.internal.AtomicFiles;
import io.github.simplemqtt.broker.process.BrokerProcessException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Starts, stops, kills, restarts and reloads real mosquitto processes. */
class LocalBrokerIT {
  @RegisterExtension final StopBrokers brokers = new StopBrokers();

  @TempDir Path temp;

  @Test
  void startsInTheBrokerDirectoryServesClientsAndStops() throws Exception {
    int port = FreePorts.pick();
    Path dir = BrokerDirs.create(temp, port);
    LocalBroker broker = brokers.track(LocalBroker.of(dir));

    RunningBroker running = broker.start();

    assertThat(running.ports()).containsExactly(port);
    assertThat(BrokerDirs.accepts(port)).isTrue();
    assertThat(BrokerDirs.publish(port, null, null).exitCode()).isZero();
    ProcessHandle process = ProcessHandle.of(running.pid()).orElseThrow();
    assertThat(process.info().startInstant()).contains(running.startedAt());
    assertThat(process.info().command().orElseThrow()).endsWith("mosquitto");
    // Relative paths in the config work because mosquitto runs in the broker directory.
    assertThat(Path.of("/proc", String.valueOf(running.pid()), "cwd").toRealPath())
        .isEqualTo(dir.toRealPath());
    assertThat(dir.resolve("log/mosquitto.log")).content().contains("mosquitto version");
    PidFile pidFile = PidFile.read(broker.pidFile()).orElseThrow();
    assertThat(pidFile.pid()).isEqualTo(running.pid());
    assertThat(pidFile.startedAt()).contains(running.startedAt());

    BrokerStatus status = broker.status();
    assertThat(status.state()).isEqualTo(BrokerStatus.State.RUNNING);
    assertThat(status.pid()).hasValue(running.pid());
    assertThat(status.ports()).containsExactly(port);
    assertThat(status.uptime()).hasValueSatisfying(up -> assertThat(up.isNegative()).isFalse());
    assertThat(status.description()).contains("running", "pid " + running.pid(), "up ");
    assertThat(broker.logTail(20)).anyMatch(line -> line.contains("running"));

    assertThat(broker.stop()).isTrue();

    assertThat(process.isAlive()).isFalse();
    assertThat(BrokerDirs.accepts(port)).isFalse();
    assertThat(broker.pidFile()).doesNotExist();
    assertThat(broker.status().state()).isEqualTo(BrokerStatus.State.STOPPED);
    assertThat(broker.stop()).as("stopping twice is fine").isFalse();
  }

  @Test
  void waitsForEveryListener() {
    int[] ports = FreePorts.pick(2);
    LocalBroker broker = brokers.track(LocalBroker.of(BrokerDirs.create(temp, ports)));

    RunningBroker running = broker.start();

    assertThat(running.ports()).containsExactly(ports[0], ports[1]);
    assertThat(BrokerDirs.accepts(ports[0])).isTrue();
    assertThat(BrokerDirs.accepts(ports[1])).isTrue();
  }

  @Test
  void startingTwiceIsRefused() {
    LocalBroker broker = brokers.track(LocalBroker.of(BrokerDirs.create(temp, FreePorts.pick())));
    RunningBroker running = broker.start();

    assertThatThrownBy(broker::start)
        .isInstanceOfSatisfying(
            BrokerProcessException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_RUNNING))
        .hasMessageContaining("pid " + running.pid());
    assertThat(broker.status().pid()).hasValue(running.pid());
  }

  @Test
  void killCrashesTheBrokerAndRestartComesBackOnTheSamePorts() {
    int port = FreePorts.pick();
    LocalBroker broker = brokers.track(LocalBroker.of(BrokerDirs.create(temp, port)));
    RunningBroker first = broker.start();

    assertThat(broker.kill()).isTrue();

    assertThat(ProcessHandle.of(first.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(BrokerDirs.accepts(port)).isFalse();
    assertThat(broker.pidFile()).as("a crash leaves the pid file").exists();

    RunningBroker second = broker.restart();

    assertThat(second.pid()).isNotEqualTo(first.pid());
    assertThat(second.ports()).containsExactly(port);
    assertThat(BrokerDirs.publish(port, null, null).exitCode()).isZero();
    assertThat(broker.status().pid()).hasValue(second.pid());
  }

  @Test
  void afterKillTheStatusIsAStalePidFile() {
    LocalBroker broker = brokers.track(LocalBroker.of(BrokerDirs.create(temp, FreePorts.pick())));
    RunningBroker running = broker.start();
    broker.kill();

    BrokerStatus status = broker.status();

    assertThat(status.state()).isEqualTo(BrokerStatus.State.STALE);
    assertThat(status.pid()).hasValue(running.pid());
    assertThat(status.description()).contains("stale", "has exited");
    assertThat(broker.pidFile()).doesNotExist();
  }

  @Test
  void reloadMakesANewPasswordFileTakeEffect() throws Exception {
    int port = FreePorts.pick();
    Path dir =
        BrokerDirs.create(temp, "allow_anonymous false\npassword_file config/.passwords\n", port);
    Path scratch = temp.resolve("scratch.passwords");
    assertThat(
            BrokerDirs.run(
                    temp, "mosquitto_passwd", "-c", "-b", scratch.toString(), "alice", "pw-a")
                .exitCode())
        .isZero();
    Path passwords = dir.resolve("config/.passwords");
    AtomicFiles.writePrivate(passwords, Files.readString(scratch));
    LocalBroker broker = brokers.track(LocalBroker.of(dir));
    broker.start();
    assertThat(BrokerDirs.publish(port, "alice", "pw-a").exitCode()).isZero();
    assertThat(BrokerDirs.publish(port, "bob", "pw-b").exitCode()).isNotZero();

    assertThat(
            BrokerDirs.run(temp, "mosquitto_passwd", "-b", scratch.toString(), "bob", "pw-b")
                .exitCode())
        .isZero();
    String ownerBefore = Files.getOwner(passwords).getName();
    AtomicFiles.writePrivate(passwords, Files.readString(scratch));
    assertThat(Files.getOwner(passwords).getName()).isEqualTo(ownerBefore);

    assertThat(broker.reload()).as("mosquitto logged the reload").isTrue();

    assertThat(broker.logTail(50)).anyMatch(line -> line.endsWith("Reloading config."));
    assertThat(BrokerDirs.publish(port, "bob", "pw-b").exitCode()).isZero();
    assertThat(BrokerDirs.publish(port, "alice", "pw-a").exitCode()).isZero();
    assertThat(broker.status().isRunning()).isTrue();
  }

  @Test
  void reloadCannotBeConfirmedWithoutAFileLog() {
    int port = FreePorts.pick();
    Path dir = BrokerDirs.create(temp, port);
    BrokerDirs.writeConfig(
        dir, "listener " + port + " 127.0.0.1\nallow_anonymous true\nlog_dest stdout\n");
    LocalBroker broker = brokers.track(LocalBroker.of(dir));
    RunningBroker running = broker.start();

    assertThat(broker.reload()).isFalse();

    assertThat(broker.status().pid()).hasValue(running.pid());
    // The signal was delivered all the same: mosquitto logged the reload to its standard output,
    // which a file receives in blocks, complete once mosquitto exits.
    assertThat(broker.stop()).isTrue();
    assertThat(broker.outputFile()).content().contains("Reloading config.");
  }

  @Test
  void theBrokerOutlivesTheJvmThatStartedItAndAnotherJvmStopsIt() throws Exception {
    int port = FreePorts.pick();
    Path dir = BrokerDirs.create(temp, port);
    LocalBroker broker = brokers.track(LocalBroker.of(dir));
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path output = temp.resolve("child.out");
    Process child =
        brokers.track(
            new ProcessBuilder(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    DetachedStart.class.getName(),
                    dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start());
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
    assertThat(child.exitValue()).as(Files.readString(output)).isZero();

    BrokerStatus status = broker.status();

    assertThat(status.state()).isEqualTo(BrokerStatus.State.RUNNING);
    long pid = status.pid().orElseThrow();
    assertThat(Files.readString(output)).contains("pid " + pid);
    assertThat(BrokerDirs.publish(port, null, null).exitCode()).isZero();

    assertThat(broker.stop()).isTrue();

    assertThat(ProcessHandle.of(pid).filter(ProcessProbe::isRunning)).isEmpty();
    assertThat(BrokerDirs.accepts(port)).isFalse();
    assertThat(List.of(broker.status().state())).containsExactly(BrokerStatus.State.STOPPED);
  }
}
