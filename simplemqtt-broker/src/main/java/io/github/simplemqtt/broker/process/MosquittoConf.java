package io.github.simplemqtt.broker.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The few facts the process manager needs from a {@code mosquitto.conf}: which TCP ports to await,
 * where the log goes, which user the broker drops to and which files it reads after dropping
 * privileges. This is not a full parser: {@code include_dir} is not followed.
 *
 * @param listeners the TCP listeners, in file order (never empty: with none configured mosquitto
 *     2.0 listens on port 1883 of the loopback interface only)
 * @param logFile the first {@code log_dest file} path, as written
 * @param logTypes the {@code log_type} values; empty means mosquitto's default (error, warning,
 *     notice, information)
 * @param user the {@code user} option, as written
 * @param brokerReadFiles paths of {@code password_file}, {@code acl_file}, {@code keyfile} and
 *     {@code crlfile} options, as written
 */
record MosquittoConf(
    List<Listener> listeners,
    Optional<String> logFile,
    Set<String> logTypes,
    Optional<String> user,
    List<String> brokerReadFiles) {

  /** The port mosquitto 2.0 listens on (loopback only) when the config has no listener. */
  static final int DEFAULT_PORT = 1883;

  MosquittoConf {
    if (listeners.isEmpty()) {
      throw new IllegalArgumentException("a config always has at least one listener");
    }
    listeners = List.copyOf(listeners);
    logTypes = Set.copyOf(logTypes);
    brokerReadFiles = List.copyOf(brokerReadFiles);
  }

  /**
   * One TCP listener.
   *
   * @param port 1 to 65535
   * @param bindAddress the address it binds, as written; empty for all interfaces
   */
  record Listener(int port, Optional<String> bindAddress) {
    Listener {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("listener port must be 1 to 65535, not " + port);
      }
    }

    /**
     * The address to probe with a TCP connect: the bound address when the listener binds one (it is
     * an address of this machine), else the loopback address of the same family.
     */
    InetAddress probeAddress() {
      String address = bindAddress.orElse("");
      try {
        if (address.isEmpty() || address.equals("0.0.0.0")) {
          return InetAddress.getByName("127.0.0.1");
        }
        if (address.equals("::") || address.equals("[::]")) {
          return InetAddress.getByName("::1");
        }
        return InetAddress.getByName(address);
      } catch (UnknownHostException e) {
        // mosquitto cannot bind a name that does not resolve either and will say so in its log.
        return InetAddress.getLoopbackAddress();
      }
    }

    @Override
    public String toString() {
      return bindAddress.map(a -> a + ":" + port).orElse(String.valueOf(port));
    }
  }

  /** The distinct listener ports, in file order. */
  List<Integer> ports() {
    Set<Integer> ports = new LinkedHashSet<>();
    listeners.forEach(l -> ports.add(l.port()));
    return List.copyOf(ports);
  }

  /**
   * Whether mosquitto writes its "Reloading config." line (information level) to {@link #logFile}.
   */
  boolean logsReloadToFile() {
    return logFile.isPresent()
        && (logTypes.isEmpty() || logTypes.contains("information") || logTypes.contains("all"));
  }

  static MosquittoConf read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static MosquittoConf parse(List<String> lines) {
    List<Listener> listeners = new ArrayList<>();
    Integer defaultPort = null;
    String defaultBind = null;
    String logFile = null;
    Set<String> logTypes = new LinkedHashSet<>();
    String user = null;
    List<String> readFiles = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      // Like mosquitto, only a '#' at the start of a line begins a comment.
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split("\\s+", 2);
      String option = words[0].toLowerCase(Locale.ROOT);
      String value = words.length > 1 ? words[1].strip() : "";
      switch (option) {
        case "listener" -> {
          String[] parts = value.split("\\s+");
          int port = parsePort(parts[0], line);
          // Port 0 is a unix socket listener (mosquitto 2.0.x): nothing to await over TCP.
          if (port != 0) {
            listeners.add(
                new Listener(port, parts.length > 1 ? Optional.of(parts[1]) : Optional.empty()));
          }
        }
        case "port" -> defaultPort = parsePort(value, line);
        case "bind_address" -> defaultBind = value;
        case "log_dest" -> {
          String[] parts = value.split("\\s+", 2);
          if (logFile == null && parts[0].equals("file") && parts.length > 1) {
            logFile = parts[1].strip();
          }
        }
        case "log_type" -> logTypes.add(value.toLowerCase(Locale.ROOT));
        case "user" -> user = value;
        case "password_file", "acl_file", "keyfile", "crlfile" -> {
          if (!value.isEmpty()) {
            readFiles.add(value);
          }
        }
        default -> {
          // Options the process manager does not need.
        }
      }
    }
    if (defaultPort != null && defaultPort != 0) {
      listeners.add(0, new Listener(defaultPort, Optional.ofNullable(defaultBind)));
    }
    if (listeners.isEmpty()) {
      listeners.add(new Listener(DEFAULT_PORT, Optional.of("127.0.0.1")));
    }
    return new MosquittoConf(
        listeners, Optional.ofNullable(logFile), logTypes, Optional.ofNullable(user), readFiles);
  }

  private static int parsePort(String text, String line) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "\"" + line + "\" has no valid port (0 to 65535): fix that line");
  }
}
