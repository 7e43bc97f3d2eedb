package io.github.simplemqtt.broker.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {

  @Test
  void tailReadsTheLastLinesAcrossChunks(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("big.log");
    Files.writeString(
        log,
        IntStream.range(0, 20_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"))
            + "\n");

    assertThat(LogFiles.tail(log, 3)).containsExactly("line 19997", "line 19998", "line 19999");
    assertThat(LogFiles.tail(log, 2_000)).hasSize(2_000).startsWith("line 18000");
    assertThat(LogFiles.tail(log, 0)).isEmpty();
  }

  @Test
  void tailOfAShortFileOrOneWithoutFinalNewline(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("short.log");
    Files.writeString(log, "a\nb\nc");

    assertThat(LogFiles.tail(log, 10)).containsExactly("a", "b", "c");
    assertThat(LogFiles.tail(log, 1)).containsExactly("c");
    assertThat(LogFiles.tail(dir.resolve("missing.log"), 5)).isEmpty();
  }

  @Test
  void readSinceReturnsWhatWasAppendedOrAllAfterTruncation(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("m.log");
    Files.writeString(log, "old 1\nold 2\n");
    long offset = LogFiles.size(log);
    Files.writeString(log, "old 1\nold 2\nnew 1\n");

    assertThat(LogFiles.readSince(log, offset)).containsExactly("new 1");

    Files.writeString(log, "x\n");
    assertThat(LogFiles.readSince(log, offset)).containsExactly("x");
    assertThat(LogFiles.readSince(dir.resolve("none"), 0)).isEmpty();
  }

  @Test
  void errorLinesDropTimestampsAndFallBackToTheLastLines() {
    List<String> withErrors =
        List.of(
            "1795597016: mosquitto version 2.0.11 starting",
            "1795597016: Error: Unknown configuration variable \"bogus\".",
            "1795597016: Error found at config/mosquitto.conf:3.",
            "");

    assertThat(LogFiles.errorLines(withErrors, 5))
        .containsExactly(
            "Error: Unknown configuration variable \"bogus\".",
            "Error found at config/mosquitto.conf:3.");
    assertThat(LogFiles.errorLines(withErrors, 1))
        .containsExactly("Error found at config/mosquitto.conf:3.");
    assertThat(LogFiles.errorLines(List.of("1: a", "2: b", "3: c"), 2)).containsExactly("b", "c");
  }
}
