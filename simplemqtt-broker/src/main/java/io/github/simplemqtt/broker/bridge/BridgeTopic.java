package io.github.simplemqtt.broker.bridge;

import io.github.simplemqtt.broker.acl.AclAccess;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code topic} line of a bridge, in mosquitto's syntax: {@code PATTERN [out|in|both [QOS
 * [LOCAL_PREFIX REMOTE_PREFIX]]]}, such as {@code sensors/# out 1}. Mosquitto's defaults: {@code
 * out} and QoS 0. With prefixes, a message on {@code LOCAL_PREFIX + PATTERN} here is {@code
 * REMOTE_PREFIX + PATTERN} on the remote broker.
 *
 * @param pattern a topic filter (wildcards allowed), one word
 * @param direction which way messages go
 * @param qos 0, 1 or 2: the highest QoS the bridge uses for these messages
 * @param localPrefix put before the pattern on this broker; empty for none
 * @param remotePrefix put before the pattern on the remote broker; empty for none
 */
public record BridgeTopic(
    String pattern, Direction direction, int qos, String localPrefix, String remotePrefix) {

  /** Which way a bridge topic carries messages. */
  public enum Direction {
    /** From this broker to the remote one. */
    OUT,
    /** From the remote broker to this one. */
    IN,
    /** Both ways. */
    BOTH;

    /** Mosquitto's word: {@code out}, {@code in}, {@code both}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Checks every part.
   *
   * @throws IllegalArgumentException in one sentence naming the part that is wrong
   */
  public BridgeTopic {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(localPrefix, "localPrefix");
    Objects.requireNonNull(remotePrefix, "remotePrefix");
    checkFilter(pattern);
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException(
          "The QoS of bridge topic '" + pattern + "' must be 0, 1 or 2, not " + qos + ".");
    }
    checkPrefix(localPrefix, pattern);
    checkPrefix(remotePrefix, pattern);
  }

  /**
   * Reads one {@code topic} value as mosquitto does, like {@code sensors/# out 1}.
   *
   * @throws IllegalArgumentException in one sentence saying what is wrong and what is allowed
   */
  public static BridgeTopic parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] words = text.strip().split("\\s+");
    if (text.isBlank()) {
      throw new IllegalArgumentException(
          "The bridge topic is empty; give it as PATTERN [out|in|both [QOS [LOCAL_PREFIX"
              + " REMOTE_PREFIX]]], such as 'sensors/# out 1'.");
    }
    if (words.length > 5 || words.length == 4) {
      throw new IllegalArgumentException(
          "The bridge topic '"
              + printable(text.strip())
              + "' has "
              + words.length
              + " words; give PATTERN [out|in|both [QOS [LOCAL_PREFIX REMOTE_PREFIX]]], such as"
              + " 'sensors/# out 1' (a prefix comes with the other one).");
    }
    Direction direction = Direction.OUT;
    if (words.length > 1) {
      direction =
          switch (words[1]) {
            case "out" -> Direction.OUT;
            case "in" -> Direction.IN;
            case "both" -> Direction.BOTH;
            default ->
                throw new IllegalArgumentException(
                    "The direction of bridge topic '"
                        + printable(text.strip())
                        + "' must be out, in or both, not '"
                        + printable(words[1])
                        + "'.");
          };
    }
    int qos = 0;
    if (words.length > 2) {
      if (!words[2].matches("[0-2]")) {
        throw new IllegalArgumentException(
            "The QoS of bridge topic '"
                + printable(text.strip())
                + "' must be 0, 1 or 2, not '"
                + printable(words[2])
                + "'.");
      }
      qos = Integer.parseInt(words[2]);
    }
    String local = words.length > 3 ? unquoted(words[3]) : "";
    String remote = words.length > 4 ? unquoted(words[4]) : "";
    return new BridgeTopic(words[0], direction, qos, local, remote);
  }

  /** Mosquitto writes an empty prefix as {@code ""}. */
  private static String unquoted(String word) {
    return word.equals("\"\"") ? "" : word;
  }

  /** The filter the bridge uses on the remote broker: the remote prefix, then the pattern. */
  public String remoteFilter() {
    return remotePrefix + pattern;
  }

  /**
   * What the bridge's identity needs on the remote broker's ACL for its {@link #remoteFilter()}:
   * write for {@code out}, read for {@code in}, both for {@code both}.
   */
  public AclAccess remoteAccess() {
    return switch (direction) {
      case OUT -> AclAccess.WRITE;
      case IN -> AclAccess.READ;
      case BOTH -> AclAccess.READWRITE;
    };
  }

  /** The line's value as mosquitto reads it, always with direction and QoS written out. */
  @Override
  public String toString() {
    String line = pattern + " " + direction.word() + " " + qos;
    if (!localPrefix.isEmpty() || !remotePrefix.isEmpty()) {
      line += " " + quoted(localPrefix) + " " + quoted(remotePrefix);
    }
    return line;
  }

  private static String quoted(String prefix) {
    return prefix.isEmpty() ? "\"\"" : prefix;
  }

  private static void checkFilter(String pattern) {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException(
          "The bridge topic pattern is empty; give a filter such as 'sensors/#'.");
    }
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "The bridge topic pattern '"
                + printable(pattern)
                + "' holds a blank or a control character; mosquitto.conf splits a topic line at"
                + " blanks.");
      }
    }
    String[] levels = pattern.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      boolean misplacedHash = level.contains("#") && (!level.equals("#") || i != levels.length - 1);
      boolean misplacedPlus = level.contains("+") && !level.equals("+");
      if (misplacedHash || misplacedPlus) {
        throw new IllegalArgumentException(
            "The bridge topic pattern '"
                + printable(pattern)
                + "' is not a valid filter: '#' must be a whole last level and '+' a whole level,"
                + " as in 'sensors/+/temp' or 'sensors/#'.");
      }
    }
  }

  private static void checkPrefix(String prefix, String pattern) {
    if (prefix.isEmpty()) {
      return;
    }
    if (prefix.contains("#") || prefix.contains("+") || !prefix.strip().equals(prefix)) {
      throw new IllegalArgumentException(
          "The prefix '"
              + printable(prefix)
              + "' of bridge topic '"
              + printable(pattern)
              + "' must be a plain topic beginning without wildcards or blanks, such as 'site1/'.");
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.isISOControl(prefix.charAt(i))) {
        throw new IllegalArgumentException(
            "The prefix of bridge topic '" + printable(pattern) + "' holds a control character.");
      }
    }
  }

  private static String printable(String text) {
    return text.replaceAll("\\p{Cntrl}", "?");
  }
}
