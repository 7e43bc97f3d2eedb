package io.github.simplemqtt.broker.process;

import io.github.simplemqtt.broker.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the pid file records about the mosquitto process this kit started: its pid and its start
 * time, which together identify the process even after the pid is reused, and the ports it was
 * started for.
 *
 * @param pid the process id, positive
 * @param startedAt the process start time as the operating system reports it; empty only on a
 *     platform that does not report start times
 * @param ports the listener ports awaited at start
 */
record PidFile(long pid, Optional<Instant> startedAt, List<Integer> ports) {

  PidFile {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be positive, not " + pid);
    }
    ports = List.copyOf(ports);
  }

  String format() {
    return "# simplemqtt: the mosquitto process started for this broker directory\n"
        + "pid="
        + pid
        + "\n"
        + "started="
        + startedAt.map(Instant::toString).orElse("unknown")
        + "\n"
        + "ports="
        + ports.stream().map(String::valueOf).collect(Collectors.joining(","))
        + "\n";
  }

  /** Writes the file atomically, so a reader never sees a pid without its start time. */
  void write(Path file) {
    AtomicFiles.writePublic(file, format());
  }

  /** The pid file at {@code file}; empty when there is none. */
  static Optional<PidFile> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
  }

  /**
   * Parses the text written by {@link #format()}.
   *
   * @throws IllegalArgumentException when the text is not such a file
   */
  static PidFile parse(String text) {
    Map<String, String> values = new HashMap<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      int equals = trimmed.indexOf('=');
      if (!trimmed.startsWith("#") && equals > 0) {
        values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1).strip());
      }
    }
    String pidText = values.get("pid");
    if (pidText == null) {
      throw new IllegalArgumentException("it has no pid= line");
    }
    try {
      long pid = Long.parseLong(pidText);
      String started = values.getOrDefault("started", "unknown");
      Optional<Instant> startedAt =
          started.equals("unknown") ? Optional.empty() : Optional.of(Instant.parse(started));
      List<Integer> ports = new ArrayList<>();
      String portText = values.getOrDefault("ports", "");
      for (String port : portText.split(",")) {
        if (!port.isBlank()) {
          ports.add(Integer.parseInt(port.strip()));
        }
      }
      return new PidFile(pid, startedAt, ports);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("it has an unreadable value (" + e.getMessage() + ")", e);
    }
  }
}
