package io.github.simplemqtt.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdUnitTest {
  @Test
  void rendersTheUnit() {
    SystemdUnit unit = SystemdUnit.of(Path.of("/srv/mosquitto"), "pi", "pi");

    Golden.assertMatches(SystemdUnit.FILE_NAME, unit.render());
  }

  @Test
  void runsTheGivenMosquittoOnTheDirectorysConfig() {
    SystemdUnit unit =
        new SystemdUnit(
            Path.of("/home/ada/broker"), "ada", "staff", Path.of("/usr/local/sbin/mosquitto"));

    assertThat(unit.render().lines())
        .contains(
            "ExecStart=/usr/local/sbin/mosquitto -c /home/ada/broker/config/mosquitto.conf",
            "WorkingDirectory=/home/ada/broker",
            "User=ada",
            "Group=staff",
            "ReadWritePaths=/home/ada/broker/data /home/ada/broker/log")
        .noneMatch(l -> l.startsWith("ProtectHome"));
  }

  @Test
  void takesOwnerAndGroupFromTheDirectory(@TempDir Path dir) throws Exception {
    PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class);

    SystemdUnit unit = SystemdUnit.forDirectory(dir);

    assertThat(unit.user()).isEqualTo(attributes.owner().getName());
    assertThat(unit.group()).isEqualTo(attributes.group().getName());
    assertThat(unit.brokerDirectory()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(unit.mosquittoExecutable()).isEqualTo(Path.of("/usr/sbin/mosquitto"));
  }

  @Test
  void refusesValuesTheUnitFileCannotHold() {
    assertThatThrownBy(() -> SystemdUnit.of(Path.of("broker"), "pi", "pi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> SystemdUnit.of(Path.of("/srv/my broker"), "pi", "pi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> SystemdUnit.of(Path.of("/srv/100%"), "pi", "pi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'%'");
    assertThatThrownBy(() -> SystemdUnit.of(Path.of("/srv/mosquitto"), "pi\nExecStartPre=x", "pi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user");
    assertThatThrownBy(() -> SystemdUnit.of(Path.of("/srv/mosquitto"), "pi", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group");
  }
}
