package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.simplemqtt.broker.process.BrokerProcessException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each way a start fails says what went wrong, quotes mosquitto, and leaves nothing running. */
class StartFailuresIT {
  @RegisterExtension final StopBrokers brokers = new StopBrokers();

  @TempDir Path temp;

  @Test
  void aPortSomeoneListensOnIsNamed() throws Exception {
    int port = FreePorts.pick();
    LocalBroker broker = brokers.track(LocalBroker.of(BrokerDirs.create(temp, port)));
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));

      BrokerProcessException e = catchThrowableOfType(BrokerProcessException.class, broker::start);

      assertThat(e.reason()).isEqualTo(Reason.PORT_IN_USE);
      assertThat(e.port()).hasValue(port);
      assertThat(e).hasMessageContaining("Port " + port + " is already in use");
    }
    assertThat(broker.pidFile()).doesNotExist();
    assertThat(broker.status().state()).isEqualTo(BrokerStatus.State.STOPPED);
  }

  @Test
  void mosquittosAddressAlreadyInUseIsDetected() throws Exception {
    int[] ports = FreePorts.pick(2);
    LocalBroker broker = brokers.track(LocalBroker.of(BrokerDirs.create(temp, ports)));
    // Bound but not listening: a connect is refused, so only mosquitto's bind() finds it taken.
    try (Socket squatter = new Socket()) {
      squatter.setReuseAddress(false);
      squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), ports[1]));

      BrokerProcessException e = catchThrowableOfType(BrokerProcessException.class, broker::start);

      assertThat(e.reason()).isEqualTo(Reason.PORT_IN_USE);
      assertThat(e.port()).hasValue(ports[1]);
      assertThat(e)
          .hasMessageContaining("Port " + ports[1] + " is already in use")
          .hasMessageContaining("Error: Address already in use");
    }
    assertThat(broker.pidFile()).doesNotExist();
    assertThat(BrokerDirs.accepts(ports[0])).isFalse();
  }

  @Test
  void aConfigMosquittoRejectsIsQuoted() {
    int port = FreePorts.pick();
    Path dir = BrokerDirs.create(temp, "allow_anonymous true\nbogus_option 1\n", port);
    LocalBroker broker = brokers.track(LocalBroker.of(dir));

    BrokerProcessException e = catchThrowableOfType(BrokerProcessException.class, broker::start);

    assertThat(e.reason()).isEqualTo(Reason.CONFIG_REJECTED);
    assertThat(e)
        .hasMessageContaining("Error: Unknown configuration variable \"bogus_option\".")
        .hasMessageContaining("Error found at config/mosquitto.conf:")
        .hasMessageContaining(broker.configFile().toString());
    assertThat(broker.pidFile()).doesNotExist();
  }

  @Test
  void anyOtherEarlyExitQuotesMosquitto() {
    int port = FreePorts.pick();
    Path dir =
        BrokerDirs.create(temp, "allow_anonymous false\npassword_file config/missing\n", port);
    LocalBroker broker = brokers.track(LocalBroker.of(dir));

    BrokerProcessException e = catchThrowableOfType(BrokerProcessException.class, broker::start);

    assertThat(e.reason()).isEqualTo(Reason.EXITED_DURING_START);
    assertThat(e)
        .hasMessageContaining("Unable to open pwfile \"config/missing\"")
        .hasMessageContaining("exited with code");
  }

  @Test
  void aMissingExecutableSaysHowToInstall() {
    Path dir = BrokerDirs.create(temp, FreePorts.pick());
    Path nowhere = temp.resolve("no/such/mosquitto");
    LocalBroker broker =
        brokers.track(LocalBroker.builder(dir).mosquittoExecutable(nowhere).build());

    BrokerProcessException e = catchThrowableOfType(BrokerProcessException.class, broker::start);

    assertThat(e.reason()).isEqualTo(Reason.NOT_INSTALLED);
    assertThat(e)
        .hasMessageContaining(nowhere.toString())
        .hasMessageContaining("sudo apt-get install mosquitto")
        .hasMessageContaining("sudo dnf install mosquitto")
        .hasMessageContaining("brew install mosquitto")
        .hasMessageContaining(dir.resolve("docker-compose.yml").toString());
  }

  @Test
  void listenersThatNeverAnswerTimeOutAndTheProcessIsKilled() throws Exception {
    int port = FreePorts.pick();
    Path dir = BrokerDirs.create(temp, port);
    // Stands in for a mosquitto that hangs before listening; the real one always listens quickly.
    Path hanging = temp.resolve("bin/mosquitto");
    Files.createDirectories(hanging.getParent());
    Files.writeString(hanging, "#!/bin/sh\nexec sleep 120\n");
    Files.setPosixFilePermissions(hanging, PosixFilePermissions.fromString("rwxr-xr-x"));
    LocalBroker broker =
        brokers.track(
            LocalBroker.builder(dir)
                .mosquittoExecutable(hanging)
                .startTimeout(Duration.ofMillis(800))
                .build());

    BrokerProcessException e = catchThrowableOfType(BrokerProcessException.class, broker::start);

    assertThat(e.reason()).isEqualTo(Reason.START_TIMEOUT);
    assertThat(e)
        .hasMessageContaining("did not accept connections on 127.0.0.1:" + port)
        .hasMessageContaining("within 800 ms, so it was killed");
    Matcher pid = Pattern.compile("pid (\\d+)").matcher(e.getMessage());
    assertThat(pid.find()).isTrue();
    assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).filter(ProcessProbe::isRunning))
        .isEmpty();
    assertThat(broker.pidFile()).doesNotExist();
  }
}
