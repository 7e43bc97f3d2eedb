package io.github.simplemqtt.client.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The brokers a client may connect to, in the order it tries them, and the one it uses now. {@code
 * connect()} tries each once, in order, starting at the current one; a lost connection and every
 * failed reconnect move on to the next. Thread-safe.
 */
public final class Servers {
  /** One broker address; {@code host} is an IPv6 address without brackets, a name or an IPv4. */
  public record Server(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private final List<Server> servers;
  private int current;
  private int triedThisRound;

  public Servers(List<Server> servers) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("At least one broker is needed.");
    }
    this.servers = List.copyOf(servers);
  }

  /**
   * Parses {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}; {@code
   * defaultPort} where none is given.
   *
   * @throws IllegalArgumentException with a sentence saying what is wrong
   */
  public static Server parse(String address, int defaultPort) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("A broker address must not be empty.");
    }
    String text = address.strip();
    String host;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException(
            "The broker address '" + address + "' opens '[' and never closes it.");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException(
              "The broker address '"
                  + address
                  + "' has '"
                  + rest
                  + "' after ']'; write [host]:port.");
        }
        port = rest.substring(1);
      }
    } else {
      int colon = text.indexOf(':');
      if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
        throw new IllegalArgumentException(
            "The broker address '"
                + address
                + "' looks like an IPv6 address: write it in brackets, as ["
                + text
                + "] or ["
                + text
                + "]:8883.");
      }
      host = colon >= 0 ? text.substring(0, colon) : text;
      port = colon >= 0 ? text.substring(colon + 1) : null;
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("The broker address '" + address + "' has no host.");
    }
    if (port == null) {
      return new Server(host, defaultPort);
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 1 || number > 65_535) {
      throw new IllegalArgumentException(
          "The broker address '" + address + "' has port '" + port + "'; a port is 1 to 65535.");
    }
    return new Server(host, number);
  }

  /** The brokers, in the order they are tried. */
  public List<Server> all() {
    return servers;
  }

  int size() {
    return servers.size();
  }

  /** The broker connected to, or tried last. */
  synchronized Server current() {
    return servers.get(current);
  }

  /** Starts a round of connect(): each broker once, from the current one. */
  synchronized void startRound() {
    triedThisRound = 1;
  }

  /** After the current broker failed in connect(): the next one not tried yet, or null. */
  synchronized @Nullable Server nextUntried() {
    if (triedThisRound >= servers.size()) {
      return null;
    }
    triedThisRound++;
    return next();
  }

  /** Moves on to the next broker, after the last back to the first; returns it. */
  synchronized Server next() {
    current = (current + 1) % servers.size();
    return servers.get(current);
  }
}
