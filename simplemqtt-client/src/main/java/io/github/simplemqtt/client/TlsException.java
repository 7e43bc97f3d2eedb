package io.github.simplemqtt.client;

import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A TLS problem: a PEM file that cannot be read, a key that does not match its certificate, an
 * expired certificate, a server certificate we do not trust or that does not cover the dialled
 * host, or a client certificate the broker rejected. Retrying does not help; the message says which
 * file or certificate to fix.
 */
public class TlsException extends MqttClientException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Path file;

  /**
   * Creates the exception for a problem not tied to one file (a handshake the broker refused).
   *
   * @param message what is wrong and which certificate to fix
   */
  public TlsException(String message) {
    this(message, null, null);
  }

  /**
   * Creates the exception for a problem in a file.
   *
   * @param message what is wrong and what to do
   * @param file the PEM file the problem is in
   */
  public TlsException(String message, Path file) {
    this(message, file, null);
  }

  /**
   * Creates the exception for a problem in a file, with the failure that revealed it.
   *
   * @param message what is wrong and what to do
   * @param file the PEM file the problem is in, or null
   * @param cause the parsing or handshake failure underneath, or null
   */
  public TlsException(String message, @Nullable Path file, @Nullable Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /**
   * Creates the exception from what is wrong and what to do, which make its message as {@link
   * MqttClientException} says.
   *
   * @param what what is wrong, naming the file or certificate, without a final period when a fix
   *     follows
   * @param fix what to do, ending with a period; null when there is nothing to add
   * @param file the PEM file the problem is in, or null
   * @param cause the parsing or handshake failure underneath, or null
   */
  public TlsException(
      String what, @Nullable String fix, @Nullable Path file, @Nullable Throwable cause) {
    super(what, fix, cause);
    this.file = file;
  }

  /** The file the problem is in, when it is in a file. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }
}
