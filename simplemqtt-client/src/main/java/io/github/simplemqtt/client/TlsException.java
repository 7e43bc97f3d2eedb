package io.github.simplemqtt.client;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A TLS problem: a PEM file that cannot be read, a key that does not match its certificate, an
 * expired certificate, a server certificate we do not trust or that does not cover the dialled
 * host, or a client certificate the broker rejected. Retrying does not help; the message says which
 * file or certificate to fix.
 */
public class TlsException extends MqttClientException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public TlsException(String message) {
    this(message, null, null);
  }

  public TlsException(String message, Path file) {
    this(message, file, null);
  }

  public TlsException(String message, Path file, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /** The file the problem is in, when it is in a file. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }
}
