package io.github.simplemqtt.cli.doctor;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one check found: a line for the checklist and, unless it passed, one sentence of cause and
 * one of fix.
 *
 * @param step the step the check belongs to
 * @param status passed, warning or failed
 * @param summary what was checked and what was seen, one line
 * @param cause why it is a problem; null when it passed
 * @param fix what to do about it; null when it passed
 */
record Finding(
    Step step, Status status, String summary, @Nullable String cause, @Nullable String fix) {

  Finding {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    if (status != Status.PASSED && (cause == null || fix == null)) {
      throw new IllegalArgumentException("a " + status + " finding needs a cause and a fix");
    }
  }

  static Finding passed(Step step, String summary) {
    return new Finding(step, Status.PASSED, summary, null, null);
  }

  static Finding warning(Step step, String summary, String cause, String fix) {
    return new Finding(step, Status.WARNING, summary, cause, fix);
  }

  static Finding failed(Step step, String summary, String cause, String fix) {
    return new Finding(step, Status.FAILED, summary, cause, fix);
  }

  /**
   * A failure in a library's words, which carry what went wrong and, where they say it apart, what
   * to do.
   *
   * @param otherwise the fix when the library gives none
   */
  static Finding failed(
      Step step, String summary, String what, Optional<String> fix, String otherwise) {
    return failed(
        step, summary, Sentences.sentence(what), fix.map(Sentences::sentence).orElse(otherwise));
  }

  boolean failed() {
    return status == Status.FAILED;
  }
}
