package io.github.simplemqtt.broker.acl;

import io.github.simplemqtt.broker.internal.UserNames;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One access rule: who it applies to, what it allows and on which topics.
 *
 * <p>Three kinds, matching mosquitto's acl_file:
 *
 * <ul>
 *   <li>{@link Scope#USER}: for one user name (a password-file user, or a client certificate's CN
 *       with {@code use_identity_as_username}); a {@code topic} line under {@code user NAME};
 *   <li>{@link Scope#PATTERN}: for every client; in the filter {@code %u} stands for the client's
 *       user name and {@code %c} for its client id, so {@code users/%u/#} gives each user their own
 *       subtree; a {@code pattern} line;
 *   <li>{@link Scope#ANONYMOUS}: for clients without a user name (only where anonymous clients are
 *       allowed); a {@code topic} line before the first {@code user} line.
 * </ul>
 *
 * @param scope who the rule applies to
 * @param user the user name for {@link Scope#USER}, null otherwise
 * @param access what the rule allows
 * @param topicFilter an MQTT topic filter: {@code +} and {@code #} only as a whole level, {@code #}
 *     only last
 */
public record AclRule(Scope scope, @Nullable String user, AclAccess access, String topicFilter) {

  /** Who a rule applies to. */
  public enum Scope {
    /** Clients that connect without a user name. */
    ANONYMOUS,
    /** The client with one user name. */
    USER,
    /** Every client, with {@code %u} and {@code %c} replaced in the filter. */
    PATTERN
  }

  /**
   * Checks the rule.
   *
   * @throws IllegalArgumentException saying what is wrong: an invalid topic filter, a user name
   *     mosquitto could not read back, or a user given for a scope that takes none
   */
  public AclRule {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(access, "access");
    if (scope == Scope.USER) {
      checkUser(user);
    } else if (user != null) {
      throw new IllegalArgumentException(
          "A " + scope + " rule applies to no single user; pass null instead of '" + user + "'.");
    }
    checkTopicFilter(topicFilter);
  }

  /** A rule for the clients that connect with user name {@code user}. */
  public static AclRule forUser(String user, AclAccess access, String topicFilter) {
    return new AclRule(Scope.USER, user, access, topicFilter);
  }

  /** A rule for clients that connect without a user name. */
  public static AclRule forAnonymous(AclAccess access, String topicFilter) {
    return new AclRule(Scope.ANONYMOUS, null, access, topicFilter);
  }

  /**
   * A rule for every client; in {@code topicFilter}, {@code %u} stands for the client's user name
   * and {@code %c} for its client id.
   */
  public static AclRule pattern(AclAccess access, String topicFilter) {
    return new AclRule(Scope.PATTERN, null, access, topicFilter);
  }

  /**
   * Checks a topic filter as mosquitto checks ACL topics, and that it survives the line-based file.
   *
   * @throws IllegalArgumentException saying what is wrong with the filter
   */
  static void checkTopicFilter(String filter) {
    Objects.requireNonNull(filter, "topicFilter");
    if (filter.isEmpty()) {
      throw new IllegalArgumentException(
          "The topic filter is empty; give one such as 'sensors/#'.");
    }
    String quoted = "'" + printable(filter) + "'";
    if (filter.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "The topic filter " + quoted + " contains a control character; remove it.");
    }
    if (!filter.equals(filter.strip())) {
      throw new IllegalArgumentException(
          "The topic filter "
              + quoted
              + " starts or ends with a blank, which mosquitto strips; remove the blanks.");
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
        throw new IllegalArgumentException(
            "The topic filter "
                + quoted
                + " is invalid: '#' must be a whole level and the last one, as in 'a/b/#'.");
      }
      if (level.contains("+") && !level.equals("+")) {
        throw new IllegalArgumentException(
            "The topic filter "
                + quoted
                + " is invalid: '+' must be a whole level, as in 'a/+/c'.");
      }
    }
    if (filter.getBytes(StandardCharsets.UTF_8).length > 65535) {
      throw new IllegalArgumentException(
          "The topic filter is longer than 65535 bytes, which MQTT does not allow.");
    }
  }

  static void checkUser(@Nullable String user) {
    Objects.requireNonNull(user, "user");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("The user name of an ACL rule is empty; give one.");
    }
    // The kit's one check: control characters, blanks at the ends, / + # % and over 64
    // characters (far under MQTT's 65535 bytes).
    UserNames.check(user);
  }

  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
