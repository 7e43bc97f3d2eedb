package io.github.simplemqtt.broker.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP ports a process listens on, read from Linux's {@code /proc} without connecting.
 *
 * <p>A connection that closes before a TLS handshake makes mosquitto log "OpenSSL Error ...
 * unexpected eof while reading" and "Protocol error", noise a user then finds in the broker's log
 * and that {@link LogFiles#errorLines} would quote as the reason of a later failure. So readiness
 * is read here where the system allows it; callers connect only where it does not (not Linux, or
 * another user's process).
 */
final class ListeningPorts {
  /** TCP state 0A is LISTEN in /proc/net/tcp. */
  private static final String LISTEN = "0A";

  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

  /** How long readiness is read from /proc alone before connecting is tried as well. */
  static final Duration PROC_ONLY = Duration.ofSeconds(3);

  private ListeningPorts() {}

  /**
   * Removes from {@code waiting} what process {@code pid} listens on: by {@code /proc}, and by
   * {@code answers} (a connection) where {@code /proc} cannot tell or from {@code
   * connectAfterNanos} on, as a mosquitto that is a wrapper around another process holds no socket
   * itself.
   */
  static <T> void removeListening(
      long pid,
      List<T> waiting,
      ToIntFunction<T> port,
      long connectAfterNanos,
      Predicate<T> answers) {
    Optional<Set<Integer>> listening = of(pid);
    listening.ifPresent(ports -> waiting.removeIf(item -> ports.contains(port.applyAsInt(item))));
    if (listening.isEmpty() || System.nanoTime() - connectAfterNanos > 0) {
      waiting.removeIf(answers);
    }
  }

  /**
   * The ports on which process {@code pid} holds a listening TCP socket (IPv4 or IPv6), or empty
   * when {@code /proc} cannot tell.
   */
  static Optional<Set<Integer>> of(long pid) {
    return of(Path.of("/proc"), pid);
  }

  static Optional<Set<Integer>> of(Path proc, long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(proc.resolve(Long.toString(pid)).resolve("fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          Matcher link = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
          if (link.matches()) {
            inodes.add(link.group(1));
          }
        } catch (IOException e) {
          // closed since it was listed
        }
      }
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
    Set<Integer> ports = new HashSet<>();
    boolean readAny = false;
    for (String table : List.of("net/tcp", "net/tcp6")) {
      try {
        ports.addAll(
            listeningPorts(
                Files.readAllLines(proc.resolve(table), StandardCharsets.US_ASCII), inodes));
        readAny = true;
      } catch (IOException e) {
        // no IPv6 on this system
      }
    }
    return readAny ? Optional.of(ports) : Optional.empty();
  }

  /**
   * From the lines of a {@code /proc/net/tcp} table: the local ports of LISTEN sockets whose inode
   * is one of {@code inodes}.
   */
  static Set<Integer> listeningPorts(List<String> table, Set<String> inodes) {
    Set<Integer> ports = new HashSet<>();
    for (String line : table) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      String[] fields = line.strip().split("\\s+");
      if (fields.length < 10 || !fields[3].equals(LISTEN) || !inodes.contains(fields[9])) {
        continue;
      }
      int colon = fields[1].lastIndexOf(':');
      if (colon < 0) {
        continue;
      }
      try {
        ports.add(Integer.parseInt(fields[1].substring(colon + 1), 16));
      } catch (NumberFormatException e) {
        // not a table row
      }
    }
    return ports;
  }
}
