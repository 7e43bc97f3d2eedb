package io.github.simplemqtt.broker.acl;

import java.util.List;
import java.util.Objects;

/**
 * An acl_file has lines mosquitto would refuse (it then refuses to start). The message names the
 * file and the first bad line; {@link #problems()} lists every one.
 */
public final class AclParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * One bad line.
   *
   * @param lineNumber the line, counted from 1
   * @param message what is wrong and what to write instead
   */
  public record Problem(int lineNumber, String message) {
    /** Checks the values. */
    public Problem {
      if (lineNumber < 1) {
        throw new IllegalArgumentException("lineNumber must be 1 or more, not " + lineNumber);
      }
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return "line " + lineNumber + ": " + message;
    }
  }

  /** Kept out of serialization: the message already carries the first problem. */
  private final transient List<Problem> problems;

  AclParseException(String source, List<Problem> problems) {
    super(describe(source, problems));
    this.problems = List.copyOf(problems);
  }

  /** Every bad line, in file order; never empty. */
  public List<Problem> problems() {
    return problems == null ? List.of() : problems;
  }

  private static String describe(String source, List<Problem> problems) {
    Problem first = problems.get(0);
    String more =
        problems.size() == 1
            ? ""
            : " (and "
                + (problems.size() - 1)
                + " more bad line"
                + (problems.size() == 2 ? "" : "s")
                + ")";
    return source + " line " + first.lineNumber() + ": " + first.message() + more;
  }
}
