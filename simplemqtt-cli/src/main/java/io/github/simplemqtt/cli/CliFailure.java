package io.github.simplemqtt.cli;

/** A command failed in a way its message explains; printed as one line, exit code 1. */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliFailure(String message) {
    super(message);
  }

  CliFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
