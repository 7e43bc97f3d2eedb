package io.github.simplemqtt.broker.process;

import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The local mosquitto could not be started, stopped or signalled. The message says what went wrong
 * and what to do, and quotes mosquitto's own error lines where it printed any; {@link #reason()}
 * tells callers what kind of failure it was, for example to retry a start on other ports after
 * {@link Reason#PORT_IN_USE}.
 */
public class BrokerProcessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  public enum Reason {
    /** No mosquitto executable was found; the message says how to install it. */
    NOT_INSTALLED,
    /** The broker directory has no {@code config/mosquitto.conf}, or it cannot be read. */
    CONFIG_MISSING,
    /** mosquitto rejected its configuration (an unknown option, a bad value). */
    CONFIG_REJECTED,
    /** A listener port is taken by another process; {@link #port()} names it when known. */
    PORT_IN_USE,
    /** mosquitto exited while starting for another reason, quoted in the message. */
    EXITED_DURING_START,
    /** The listeners did not accept connections in time; the process was killed. */
    START_TIMEOUT,
    /** A mosquitto started for this directory is already running. */
    ALREADY_RUNNING,
    /** No mosquitto started for this directory is running. */
    NOT_RUNNING,
    /** The user mosquitto runs as (when started as root) cannot enter a directory it needs. */
    DIRECTORY_NOT_ACCESSIBLE,
    /** A file of the broker directory could not be read, written or handed over. */
    FILE_ERROR,
    /** A signal could not be delivered, or the process did not exit even after SIGKILL. */
    SIGNAL_FAILED,
    /** The calling thread was interrupted while waiting. */
    INTERRUPTED
  }

  /** What kind of failure it is; kept in the serialized form. */
  private final Reason reason;

  /**
   * The port a {@link Reason#PORT_IN_USE} failure is about, else 0; kept in the serialized form.
   */
  private final int port;

  /**
   * Creates an exception of the given kind.
   *
   * @param reason what kind of failure it is
   * @param message one or two sentences: what is wrong and what to do
   */
  public BrokerProcessException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * Creates an exception of the given kind with its cause.
   *
   * @param reason what kind of failure it is
   * @param message one or two sentences: what is wrong and what to do
   * @param cause the underlying failure, or {@code null}
   */
  public BrokerProcessException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.port = 0;
  }

  /** A {@link Reason#PORT_IN_USE} failure for {@code port} (0 when it could not be told). */
  BrokerProcessException(int port, String message) {
    super(message);
    this.reason = Reason.PORT_IN_USE;
    this.port = port;
  }

  /** What kind of failure this is. */
  public Reason reason() {
    return reason;
  }

  /** For {@link Reason#PORT_IN_USE}: the port that is taken, when known. */
  public OptionalInt port() {
    return port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
  }
}
