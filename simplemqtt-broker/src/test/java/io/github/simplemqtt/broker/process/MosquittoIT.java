package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.simplemqtt.broker.process.BrokerProcessException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Finding the installed mosquitto (the test machine has 2.0 in /usr/sbin). */
class MosquittoIT {

  @Test
  void findsTheInstalledMosquittoAndItsVersion() {
    Path exe = Mosquitto.find().orElseThrow();

    assertThat(Files.isExecutable(exe)).isTrue();
    assertThat(exe.getFileName()).hasToString("mosquitto");
    assertThat(Mosquitto.version(exe)).matches("2\\.\\d+\\.\\d+");
  }

  @Test
  void aProgramThatIsNotMosquittoIsSaidToBeUnusable() {
    BrokerProcessException e =
        catchThrowableOfType(
            BrokerProcessException.class, () -> Mosquitto.version(Path.of("/bin/true")));

    assertThat(e.reason()).isEqualTo(Reason.NOT_INSTALLED);
    assertThat(e).hasMessageContaining("/bin/true is not a usable mosquitto");
  }

  @Test
  void theInstallHintNamesEachPlatform() {
    assertThat(Mosquitto.installHint())
        .contains("apt-get install mosquitto", "dnf install mosquitto", "brew install mosquitto")
        .contains("docker-compose.yml");
  }
}
