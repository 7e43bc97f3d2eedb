package io.github.simplemqtt.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @Test
  void aRelativeMosquittoPathIsRefused() {
    assertThatThrownBy(
            () -> new SystemdUnit(Path.of("/srv/mosquitto"), "pi", "pi", Path.of("sbin/mosquitto")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mosquittoExecutable must be an absolute path");
  }

  /**
   * A path goes into ExecStart=, WorkingDirectory= and ReadWritePaths= as it is: a blank would
   * split the command, '%' is a systemd specifier, a quote, '\\' or '$' is read by its command line
   * parser, and a newline would start a line of the attacker's choosing.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/srv/my broker",
        "/srv/tab\there",
        "/srv/100%",
        "/srv/x\nExecStartPre=/bin/sh -c id",
        "/srv/x\rUser=root",
        "/srv/\"quoted\"",
        "/srv/it's",
        "/srv/back\\slash",
        "/srv/$HOME",
        "/srv/del\u007f"
      })
  void noPathCanInjectIntoTheUnitFile(String path) {
    assertThatThrownBy(() -> new SystemdUnit(Path.of(path), "pi", "pi", Path.of("/usr/sbin/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("brokerDirectory '")
        .hasMessageContaining("would read specially")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("\r");
    assertThatThrownBy(() -> new SystemdUnit(Path.of("/srv/mosquitto"), "pi", "pi", Path.of(path)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("mosquittoExecutable '")
        .hasMessageContaining("would read specially");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-pi", "pi pi", "pi\nGroup=root", "pi:pi", "$pi", "pi$x", "pi%i"})
  void noUserOrGroupCanInjectIntoTheUnitFile(String name) {
    assertThatThrownBy(() -> SystemdUnit.of(Path.of("/srv/mosquitto"), name, "pi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("user '")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> SystemdUnit.of(Path.of("/srv/mosquitto"), "pi", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("group '");
  }

  @Test
  void acceptsOrdinaryUnixNamesAndPaths() {
    SystemdUnit unit =
        new SystemdUnit(
            Path.of("/home/ada.l/mqtt-broker_2@lab"),
            "_ada.l-2",
            "machine$",
            Path.of("/opt/mosquitto-2.0/sbin/mosquitto"));

    assertThat(unit.render().lines())
        .contains(
            "User=_ada.l-2",
            "Group=machine$",
            "ExecStart=/opt/mosquitto-2.0/sbin/mosquitto -c"
                + " /home/ada.l/mqtt-broker_2@lab/config/mosquitto.conf");
  }

  @Test
  void aDirectoryWhoseOwnerCannotBeReadIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> SystemdUnit.forDirectory(missing))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("Could not read the owner of " + missing)
        .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
