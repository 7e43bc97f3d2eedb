package io.github.simplemqtt.client;

/**
 * The broker could not be reached (nothing listening, name not resolved, timed out) or the
 * connection was lost before an operation completed. Usually worth retrying later.
 */
public class ConnectionException extends MqttClientException {
  private static final long serialVersionUID = 1L;

  public ConnectionException(String message) {
    super(message);
  }

  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
