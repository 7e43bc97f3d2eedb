package io.github.simplemqtt.broker.internal;

/**
 * The one check of a user name the kit accepts, for password users, client certificate names and
 * ACL users alike. A name ends up in ACL patterns ({@code %u} is substituted into topic filters),
 * in a certificate's CN and in the path {@code clients/NAME/}, so characters that mean something
 * there are refused rather than escaped.
 */
public final class UserNames {
  /** The longest name accepted, in characters: a certificate CN holds at most 64. */
  public static final int MAX_LENGTH = 64;

  private static final String SPECIAL = "/+#%";

  private UserNames() {}

  /**
   * Checks {@code name}.
   *
   * @throws IllegalArgumentException with one sentence saying what is wrong and what to do
   */
  public static void check(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("The user name is empty; give a name.");
    }
    String quoted = "'" + printable(name) + "'";
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "The user name " + quoted + " contains a control character; choose a plain name.");
    }
    if (!name.equals(name.strip())) {
      throw new IllegalArgumentException(
          "The user name "
              + quoted
              + " starts or ends with a blank, which mosquitto strips; remove the blanks.");
    }
    for (char c : SPECIAL.toCharArray()) {
      if (name.indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            "The user name "
                + quoted
                + " contains '"
                + c
                + "', which means something in topics, ACL patterns or paths; choose a name"
                + " without / + # %.");
      }
    }
    int length = name.codePointCount(0, name.length());
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "The user name is "
              + length
              + " characters long; choose one of at most "
              + MAX_LENGTH
              + " characters.");
    }
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
