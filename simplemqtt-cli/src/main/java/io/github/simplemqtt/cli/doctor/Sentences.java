package io.github.simplemqtt.cli.doctor;

import org.jspecify.annotations.Nullable;

/** Turns the libraries' "what is wrong; what to do." messages into the checklist's sentences. */
final class Sentences {
  private Sentences() {}

  /**
   * Splits one of the libraries' "what is wrong; what to do." messages into a cause sentence and a
   * fix sentence.
   */
  static String[] causeAndFix(@Nullable String message, String defaultFix) {
    String text = message == null ? "" : message.strip();
    int split = text.indexOf("; ");
    if (split < 0) {
      return new String[] {sentence(text), defaultFix};
    }
    return new String[] {sentence(text.substring(0, split)), sentence(text.substring(split + 2))};
  }

  static String sentence(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return s;
    }
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
