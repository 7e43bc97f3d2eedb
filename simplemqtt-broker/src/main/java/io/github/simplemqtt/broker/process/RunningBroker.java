package io.github.simplemqtt.broker.process;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A mosquitto process that {@link LocalBroker#start()} started and whose listeners all accepted a
 * TCP connection.
 *
 * @param pid the process id
 * @param ports the listener ports that answered, in config file order
 * @param startedAt when the process started, as the operating system reports it
 */
public record RunningBroker(long pid, List<Integer> ports, Instant startedAt) {

  /** Validates and copies the values. */
  public RunningBroker {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be positive, not " + pid);
    }
    ports = List.copyOf(ports);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("a running broker has at least one listener port");
    }
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /** The first listener port, the plain MQTT one in configs written by this kit. */
  public int port() {
    return ports.get(0);
  }
}
