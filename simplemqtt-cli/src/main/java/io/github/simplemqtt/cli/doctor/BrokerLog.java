package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.broker.process.BrokerProcessException;
import io.github.simplemqtt.broker.process.LocalBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the local broker logged while doctor ran: the broker knows why it turned a client down
 * (mosquitto logs "certificate verify failed" where the client only sees a closed connection).
 */
final class BrokerLog {
  /** The kit's log_timestamp_format (%Y-%m-%dT%H:%M:%S), in the broker's local time. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private static final int TAIL = 200;
  private static final int MAX_LINES = 12;
  private static final Duration QUIET = Duration.ofMillis(150);
  private static final Duration MAX_SETTLE = Duration.ofSeconds(1);

  private BrokerLog() {}

  /** The time to pass to {@link #since} later: now, to the second, in local time. */
  static LocalDateTime now() {
    return LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * The last lines (at most 12) the broker of {@code brokerDir} logged at or after {@code start};
   * empty when there is no such log.
   */
  static List<String> since(@Nullable Path brokerDir, LocalDateTime start) {
    if (brokerDir == null || !Files.isDirectory(brokerDir)) {
      return List.of();
    }
    LocalBroker broker = LocalBroker.of(brokerDir);
    awaitQuiet(broker.logFile());
    List<String> tail;
    try {
      tail = broker.logTail(TAIL);
    } catch (BrokerProcessException | IllegalArgumentException e) {
      return List.of();
    }
    String from = STAMP.format(start);
    List<String> recent =
        tail.stream()
            .filter(line -> line.length() > from.length() && line.charAt(from.length()) == ':')
            .filter(line -> line.substring(0, from.length()).compareTo(from) >= 0)
            .toList();
    return recent.subList(Math.max(0, recent.size() - MAX_LINES), recent.size());
  }

  /**
   * Mosquitto logs why it dropped a client just after dropping it, so doctor may have its answer
   * first: wait (at most a second) until the log has not grown for a moment.
   */
  private static void awaitQuiet(Path log) {
    long deadline = System.nanoTime() + MAX_SETTLE.toNanos();
    long size = size(log);
    while (System.nanoTime() < deadline) {
      try {
        Thread.sleep(QUIET.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long now = size(log);
      if (now == size) {
        return;
      }
      size = now;
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  static Path file(Path brokerDir) {
    return LocalBroker.of(brokerDir).logFile();
  }
}
