package io.github.simplemqtt.broker;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A broker directory cannot be made, opened or changed as asked: it is not one, it is in use, or
 * what it holds refuses the change. The message says what is wrong and what to do; the same facts
 * come apart as {@link #problem()}, {@link #file()}, {@link #what()} and {@link #fix()} for a
 * caller that words them its own way (doctor's checklist). The message is {@code what} followed by
 * {@code "; "} and {@code fix} when there is one.
 *
 * <p>An {@link IllegalStateException}, as these failures were before they carried their facts.
 */
public class BrokerDirectoryException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure it is. */
  public enum Problem {
    /** The path is not a broker directory the kit made ({@link #file()} is the missing marker). */
    NOT_A_BROKER_DIRECTORY,
    /** {@code init} without force on a folder that holds files. */
    NOT_EMPTY,
    /** The directory's record of its settings cannot be read as settings. */
    SETTINGS_DAMAGED,
    /** A broker runs from the directory, which {@code init --force} would replace under it. */
    BROKER_RUNNING,
    /** The client already holds a valid certificate and no replacement was asked for. */
    CERTIFICATE_EXISTS
  }

  private final Problem problem;

  /** The file as a string: {@link Path} is not serializable. */
  private final @Nullable String file;

  private final String what;
  private final @Nullable String fix;

  /**
   * A failure with its facts.
   *
   * @param problem what kind of failure it is
   * @param file the file or directory it is about, or null
   * @param what what is wrong, without a final period when a fix follows
   * @param fix what to do, a sentence starting in lower case, or null
   * @param cause the underlying failure, or null
   */
  BrokerDirectoryException(
      Problem problem,
      @Nullable Path file,
      String what,
      @Nullable String fix,
      @Nullable Throwable cause) {
    super(fix == null ? what : what + "; " + fix, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.file = file == null ? null : file.toString();
    this.what = Objects.requireNonNull(what, "what");
    this.fix = fix;
  }

  /** What kind of failure it is. */
  public Problem problem() {
    return problem;
  }

  /** The file or directory the failure is about, when it is about one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file).map(Path::of);
  }

  /** What is wrong: the message up to the fix, or all of it when it has no separate fix. */
  public String what() {
    return what;
  }

  /** What to do, as the message's last part (lower case first letter), when it says separately. */
  public Optional<String> fix() {
    return Optional.ofNullable(fix);
  }
}
