package io.github.simplemqtt.tls;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A PEM file or text that cannot be used: what is wrong ({@link #problem()}), the file when there
 * is one, and a sentence that names the file and says what to do ({@link #getMessage()}). Key bytes
 * and passphrases never appear in a message. The underlying parsing or I/O failure, when there is
 * one, is the cause.
 *
 * <p>Callers that word failures their own way (the broker kit says "restore it from a backup")
 * decide by {@link #problem()}; others show the message as it is, or its two parts apart: {@link
 * #what()} and {@link #fix()}. The message is {@code what} followed by {@code "; "} and {@code fix}
 * when there is one.
 */
public final class PemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What is wrong, as a fact a caller can decide on. */
  public enum Problem {
    /** The file does not exist. */
    MISSING,
    /** The file exists but cannot be read (permissions, an I/O error). */
    UNREADABLE,
    /** A directory was given where a file was expected. */
    DIRECTORY,
    /** The file is empty or blank. */
    EMPTY,
    /** The file is binary DER, not PEM text. */
    DER,
    /** The text has no {@code -----BEGIN} line at all. */
    NOT_PEM,
    /** A {@code -----BEGIN} line has no matching {@code -----END} line. */
    TRUNCATED,
    /** A block's content does not decode (damaged Base64 or ASN.1). */
    DAMAGED,
    /** A private key where a certificate was expected, or the other way round. */
    SWAPPED,
    /** Neither what was asked for nor its swapped counterpart: a request, parameters, nothing. */
    NOT_FOUND,
    /** A private key of a kind the JDK cannot use. */
    UNSUPPORTED_KEY,
    /** The key is encrypted and no passphrase was given. */
    ENCRYPTED,
    /** The passphrase does not decrypt the key (or the encrypted key is damaged). */
    WRONG_PASSPHRASE
  }

  private final Problem problem;
  private final transient @Nullable Path file;
  private final String what;
  private final @Nullable String fix;

  /**
   * Creates the exception; {@link #what()} is the whole message and there is no separate {@link
   * #fix()}.
   *
   * @param problem what is wrong
   * @param message what is wrong and what to do, naming the file
   * @param file the file the problem is in, or null for text that came from elsewhere
   * @param cause the parsing or I/O failure underneath, or null
   */
  public PemException(
      Problem problem, String message, @Nullable Path file, @Nullable Throwable cause) {
    this(problem, message, null, file, cause);
  }

  /**
   * Creates the exception from what is wrong and what to do, which make its message.
   *
   * @param problem what is wrong
   * @param what what is wrong, naming the file, without a final period when a fix follows
   * @param fix what to do, a sentence starting in lower case, or null
   * @param file the file the problem is in, or null for text that came from elsewhere
   * @param cause the parsing or I/O failure underneath, or null
   */
  public PemException(
      Problem problem,
      String what,
      @Nullable String fix,
      @Nullable Path file,
      @Nullable Throwable cause) {
    super(fix == null ? what : what + "; " + fix, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.file = file;
    this.what = Objects.requireNonNull(what, "what");
    this.fix = fix;
  }

  /** What is wrong. */
  public Problem problem() {
    return problem;
  }

  /** The file the problem is in, when it is in a file. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * What is wrong: the message up to the fix (without a final period when a fix follows), or the
   * whole message when it has no separate fix.
   */
  public String what() {
    return what;
  }

  /** What to do, as the message's last part (lower case first letter), when it says separately. */
  public Optional<String> fix() {
    return Optional.ofNullable(fix);
  }
}
