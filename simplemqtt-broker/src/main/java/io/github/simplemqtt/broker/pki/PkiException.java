package io.github.simplemqtt.broker.pki;

import org.jspecify.annotations.Nullable;

/**
 * A PKI operation could not be done: a value was refused, a file is missing or damaged, a
 * passphrase is wrong, or a certificate would outlive its issuer. The message says what is wrong,
 * naming the file or value, and what to do; it never holds key material or passphrases.
 */
public class PkiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message and no underlying cause. */
  public PkiException(String message) {
    super(message);
  }

  /**
   * A failure caused by {@code cause} (null when there is none), whose text the message has already
   * put in words.
   */
  public PkiException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
