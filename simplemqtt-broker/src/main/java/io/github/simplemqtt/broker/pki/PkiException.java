package io.github.simplemqtt.broker.pki;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A PKI operation could not be done: a value was refused, a file is missing or damaged, a
 * passphrase is wrong, or a certificate would outlive its issuer. The message says what is wrong,
 * naming the file or value, and what to do; it never holds key material or passphrases.
 *
 * <p>The same facts come apart for a caller that words them its own way (doctor's checklist):
 * {@link #problem()}, {@link #file()}, {@link #certificate()}, {@link #what()} and {@link #fix()}.
 * The message is {@code what} followed by {@code "; "} and {@code fix} when there is one.
 */
public class PkiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure it is. */
  public enum Problem {
    /** A value given to the PKI was refused: a name, a host, a validity, an empty passphrase. */
    REFUSED,
    /** A file of the PKI is missing; {@link #file()} names it. */
    FILE_MISSING,
    /** A file or folder could not be read or written (permissions, a full disk). */
    FILE_ERROR,
    /** A file holds something else than the PKI wrote there, or is damaged. */
    FILE_DAMAGED,
    /**
     * Files that belong together do not: a CA certificate and what it should have signed, a key and
     * its certificate.
     */
    MISMATCH,
    /** The CA passphrase is missing or does not open the CA keys. */
    PASSPHRASE,
    /** Something else; {@link #what()} says what. */
    OTHER
  }

  private final Problem problem;

  /** The file as a string: {@link Path} is not serializable. */
  private final @Nullable String file;

  private final @Nullable String certificate;
  private final String what;
  private final @Nullable String fix;

  /** A failure with a message and no underlying cause; its {@link #problem()} is OTHER. */
  public PkiException(String message) {
    this(message, null);
  }

  /**
   * A failure caused by {@code cause} (null when there is none), whose text the message has already
   * put in words; its {@link #problem()} is OTHER.
   */
  public PkiException(String message, @Nullable Throwable cause) {
    super(message, cause);
    this.problem = Problem.OTHER;
    this.file = null;
    this.certificate = null;
    this.what = message;
    this.fix = null;
  }

  /**
   * A failure with its facts.
   *
   * @param problem what kind of failure it is
   * @param file the file it is about, or null
   * @param certificate the common name of the certificate it is about, or null
   * @param what what is wrong, without a final period when a fix follows
   * @param fix what to do, a sentence starting in lower case, or null
   * @param cause the underlying failure, or null
   */
  PkiException(
      Problem problem,
      @Nullable Path file,
      @Nullable String certificate,
      String what,
      @Nullable String fix,
      @Nullable Throwable cause) {
    super(fix == null ? what : what + "; " + fix, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.file = file == null ? null : file.toString();
    this.certificate = certificate;
    this.what = Objects.requireNonNull(what, "what");
    this.fix = fix;
  }

  /** A failure about {@code file}; {@code fix} is null when {@code what} says it all. */
  static PkiException about(Path file, Problem problem, String what, @Nullable String fix) {
    return new PkiException(problem, file, null, what, fix, null);
  }

  /**
   * A failure about {@code file}, caused by {@code cause} (null when there is none); {@code fix} is
   * null when {@code what} says it all.
   */
  static PkiException about(
      Path file, Problem problem, String what, @Nullable String fix, @Nullable Throwable cause) {
    return new PkiException(problem, file, null, what, fix, cause);
  }

  /** What kind of failure it is; OTHER for one made with a message alone. */
  public Problem problem() {
    return problem;
  }

  /** The file the failure is about, when it is about one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file).map(Path::of);
  }

  /** The common name of the certificate the failure is about, when it is about one. */
  public Optional<String> certificate() {
    return Optional.ofNullable(certificate);
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
