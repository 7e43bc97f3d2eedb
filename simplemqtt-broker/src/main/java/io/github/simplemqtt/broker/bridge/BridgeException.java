package io.github.simplemqtt.broker.bridge;

import java.util.Objects;

/**
 * A bridge operation refused, before it changed any file: {@link #problem()} says which refusal,
 * the message says it in one sentence with what to do.
 */
public final class BridgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a bridge operation was refused. */
  public enum Problem {
    /** The edge has no bridge of that name. */
    NO_SUCH_BRIDGE,
    /** The edge already has a bridge of that name. */
    BRIDGE_EXISTS,
    /** The central has no ACL, and one made for the bridge would shut its other users out. */
    CENTRAL_HAS_NO_ACL,
    /** The bridge's name on the central is already a password user there. */
    IDENTITY_TAKEN,
    /** A bundle folder is missing a file or holds something else. */
    BAD_BUNDLE,
    /** A topic asked for is not one the central's ACL grants the bundle's identity. */
    TOPIC_NOT_GRANTED,
    /** No topic was given. */
    NO_TOPIC
  }

  private final Problem problem;

  BridgeException(Problem problem, String message) {
    super(message);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** Which refusal this is. */
  public Problem problem() {
    return problem;
  }
}
