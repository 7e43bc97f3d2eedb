package io.github.simplemqtt.client;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception {@link MqttClient} throws. Unchecked: callers catch the subclass whose
 * cause they can act on.
 *
 * <ul>
 *   <li>{@link ConnectionException}: the broker cannot be reached, or the connection was lost.
 *   <li>{@link TlsException}: a certificate, key or TLS handshake problem, naming the file.
 *   <li>{@link BrokerRefusedException}: the broker answered and said no, with its reason.
 * </ul>
 *
 * <p>Messages are one or two sentences: what went wrong, and what to do about it.
 */
public class MqttClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong and what to do
   */
  public MqttClientException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that caused it.
   *
   * @param message what went wrong and what to do
   * @param cause the failure underneath, or null
   */
  public MqttClientException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
