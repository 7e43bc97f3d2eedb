package io.github.simplemqtt.client;

import org.jspecify.annotations.Nullable;

/**
 * The broker could not be reached (nothing listening, name not resolved, timed out) or the
 * connection was lost before an operation completed. Usually worth retrying later.
 */
public class ConnectionException extends MqttClientException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be reached or was lost, and what to do
   */
  public ConnectionException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that caused it.
   *
   * @param message what could not be reached or was lost, and what to do
   * @param cause the network or protocol failure underneath, or null
   */
  public ConnectionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
