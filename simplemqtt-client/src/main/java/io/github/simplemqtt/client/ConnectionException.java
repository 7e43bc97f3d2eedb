package io.github.simplemqtt.client;

import org.jspecify.annotations.Nullable;

/**
 * The broker could not be reached (nothing listening, name not resolved, timed out) or the
 * connection was lost before an operation completed. Usually worth retrying later.
 */
public class ConnectionException extends MqttClientException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; {@link #what()} is the whole message.
   *
   * @param message what could not be reached or was lost, and what to do
   */
  public ConnectionException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that caused it; {@link #what()} is the whole message.
   *
   * @param message what could not be reached or was lost, and what to do
   * @param cause the network or protocol failure underneath, or null
   */
  public ConnectionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception from what went wrong and what to do, which make its message as {@link
   * MqttClientException} says.
   *
   * @param what what could not be reached or was lost, without a final period when a fix follows
   * @param fix what to do, ending with a period; null when there is nothing to add
   * @param cause the network or protocol failure underneath, or null
   */
  public ConnectionException(String what, @Nullable String fix, @Nullable Throwable cause) {
    super(what, fix, cause);
  }
}
