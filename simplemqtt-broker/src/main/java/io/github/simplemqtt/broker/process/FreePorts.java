package io.github.simplemqtt.broker.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks TCP ports that are free on the loopback interface, for tests and throw-away brokers.
 *
 * <p>A port is free when it is picked and may be taken by another process before mosquitto binds
 * it. {@link LocalBroker#start()} then fails with {@link BrokerProcessException.Reason#PORT_IN_USE}
 * and the caller can pick again and retry.
 */
public final class FreePorts {
  private FreePorts() {}

  /** One free port on 127.0.0.1. */
  public static int pick() {
    return pick(1)[0];
  }

  /**
   * {@code count} distinct free ports on 127.0.0.1: all are bound at once before any is released,
   * so they differ from each other.
   *
   * @param count 1 to 100
   */
  public static int[] pick(int count) {
    if (count < 1 || count > 100) {
      throw new IllegalArgumentException("count must be 1 to 100, not " + count);
    }
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket();
        sockets[i].bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not bind a free port on 127.0.0.1: " + e.getMessage(), e);
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          try {
            socket.close();
          } catch (IOException ignored) {
            // A socket that fails to close still frees its port when this process exits.
          }
        }
      }
    }
  }
}
