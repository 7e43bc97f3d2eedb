package io.github.simplemqtt.broker.process;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link LocalBroker#status()} found.
 *
 * @param state running, stopped, or a stale pid file (which {@code status()} has removed)
 * @param pid the process id: the running one, or the one the stale pid file named
 * @param startedAt when the running process started
 * @param ports the listener ports the running process was started for
 * @param description one plain-language sentence for people, e.g. "mosquitto is running (pid 4711,
 *     up 3 min 12 s, ports 1883, 8883)."
 */
public record BrokerStatus(
    State state,
    OptionalLong pid,
    Optional<Instant> startedAt,
    List<Integer> ports,
    String description) {

  /** Whether a mosquitto started by this kit runs for the directory. */
  public enum State {
    /** The process recorded in the pid file is alive and is the one this kit started. */
    RUNNING,
    /** There is no pid file: nothing was started, or it was stopped. */
    STOPPED,
    /**
     * The pid file named a process that has exited (crashed, killed) or a different process that
     * now has the same pid. Nothing was signalled; the pid file was removed.
     */
    STALE
  }

  /** Validates and copies the values. */
  public BrokerStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(startedAt, "startedAt");
    ports = List.copyOf(ports);
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("a status needs a description");
    }
    if (state == State.RUNNING && pid.isEmpty()) {
      throw new IllegalArgumentException("a running broker has a pid");
    }
  }

  /** Whether the broker is running. */
  public boolean isRunning() {
    return state == State.RUNNING;
  }

  /** How long the running process has been up, measured now. */
  public Optional<Duration> uptime() {
    return startedAt.map(start -> Duration.between(start, Instant.now()));
  }
}
