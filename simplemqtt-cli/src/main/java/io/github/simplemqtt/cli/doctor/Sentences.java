package io.github.simplemqtt.cli.doctor;

/**
 * Turns the parts the libraries' failures carry apart ({@code what()} and {@code fix()}: "what is
 * wrong", "what to do.") into the checklist's sentences.
 */
final class Sentences {
  private Sentences() {}

  /** {@code text} as a sentence: a capital first letter and a final period. */
  static String sentence(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return s;
    }
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
