package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

  @Test
  void roundTripsThroughTheFile(@TempDir Path dir) throws Exception {
    PidFile written =
        new PidFile(
            4711, Optional.of(Instant.parse("2026-01-02T03:04:05.670Z")), List.of(1883, 8883));
    Path file = dir.resolve("simplemqtt.pid");

    written.write(file);

    assertThat(PidFile.read(file)).contains(written);
    assertThat(Files.readString(file)).contains("pid=4711\n", "started=2026-01-02T03:04:05.670Z\n");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
  }

  @Test
  void anUnknownStartTimeRoundTrips() {
    PidFile pid = new PidFile(12, Optional.empty(), List.of());

    assertThat(PidFile.parse(pid.format())).isEqualTo(pid);
  }

  @Test
  void noFileIsEmpty(@TempDir Path dir) throws Exception {
    assertThat(PidFile.read(dir.resolve("none.pid"))).isEmpty();
  }

  @Test
  void rejectsTextThatIsNotAPidFile() {
    assertThatThrownBy(() -> PidFile.parse("4711\n")).hasMessageContaining("no pid= line");
    assertThatThrownBy(() -> PidFile.parse("pid=abc\n")).hasMessageContaining("unreadable");
    assertThatThrownBy(() -> PidFile.parse("pid=1\nstarted=yesterday\n"))
        .hasMessageContaining("unreadable");
    assertThatThrownBy(() -> PidFile.parse("pid=-3\n")).hasMessageContaining("positive");
  }
}
