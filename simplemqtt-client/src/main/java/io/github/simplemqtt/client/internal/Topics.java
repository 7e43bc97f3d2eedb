package io.github.simplemqtt.client.internal;

import com.hivemq.client.mqtt.datatypes.MqttSharedTopicFilter;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import java.nio.charset.StandardCharsets;

/**
 * Checks topic names and filters before anything is sent, with messages that say what is wrong, and
 * matches topics against filters with MQTT's wildcard rules.
 */
public final class Topics {
  /** MQTT encodes strings with a two-byte length. */
  static final int MAX_UTF8_BYTES = 65_535;

  private Topics() {}

  /** Accepts a topic to publish to: not empty, no wildcards, valid UTF-8 without U+0000. */
  public static void checkTopicName(String topic) {
    checkString("Topic", topic);
    int plus = topic.indexOf('+');
    int hash = topic.indexOf('#');
    if (plus >= 0 || hash >= 0) {
      char wildcard = plus >= 0 && (hash < 0 || plus < hash) ? '+' : '#';
      throw new IllegalArgumentException(
          "Topic '"
              + topic
              + "' contains the wildcard '"
              + wildcard
              + "'; wildcards are only for subscribing, so publish to a concrete topic.");
    }
  }

  /**
   * Accepts a subscription filter: not empty, valid UTF-8 without U+0000, {@code +} only as a whole
   * level and {@code #} only as the whole last level.
   */
  public static void checkFilter(String filter) {
    checkString("Topic filter", filter);
    if (filter.startsWith(MqttSharedTopicFilter.SHARE_PREFIX)) {
      int groupEnd = filter.indexOf('/', MqttSharedTopicFilter.SHARE_PREFIX.length());
      String group =
          filter.substring(
              MqttSharedTopicFilter.SHARE_PREFIX.length(),
              groupEnd < 0 ? filter.length() : groupEnd);
      if (groupEnd < 0
          || group.isEmpty()
          || group.contains("+")
          || group.contains("#")
          || groupEnd == filter.length() - 1) {
        throw new IllegalArgumentException(
            "Shared subscription '"
                + filter
                + "' is invalid: write a group name without wildcards and then a filter, as in"
                + " '$share/group/sensors/#'.");
      }
      checkFilter(filter.substring(groupEnd + 1));
      return;
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
        throw new IllegalArgumentException(
            "Topic filter '"
                + filter
                + "' is invalid: '#' must be a whole level and the last one, as in 'a/#'.");
      }
      if (level.contains("+") && !level.equals("+")) {
        throw new IllegalArgumentException(
            "Topic filter '"
                + filter
                + "' is invalid: '+' must stand alone between slashes, as in 'a/+/b'.");
      }
    }
  }

  /** Accepts 0, 1 or 2. */
  public static void checkQos(int qos) {
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("QoS must be 0, 1 or 2, not " + qos + ".");
    }
  }

  /**
   * The filter a shared subscription ({@code $share/group/sensors/#}) applies to topics ({@code
   * sensors/#}); any other filter as it is. The broker picks which member of the group gets each
   * message, so what reaches this client matches the part after the group.
   */
  static String unshared(String filter) {
    if (!filter.startsWith(MqttSharedTopicFilter.SHARE_PREFIX)) {
      return filter;
    }
    MqttTopicFilter parsed = MqttTopicFilter.of(filter);
    return parsed.isShared()
        ? ((MqttSharedTopicFilter) parsed).getTopicFilter().toString()
        : filter;
  }

  /**
   * Whether {@code topic} matches {@code filter}. Topics starting with {@code $} are not matched by
   * a leading wildcard, as the MQTT specification requires.
   */
  public static boolean matches(String filter, String topic) {
    if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
      return false;
    }
    // Level by level, without splitting: this runs for every subscription on every message.
    int f = 0;
    int t = 0;
    while (true) {
      int filterEnd = levelEnd(filter, f);
      int filterLevel = filterEnd - f;
      if (filterLevel == 1 && filter.charAt(f) == '#') {
        return true; // '#' is the last level and matches the parent level too: 'a/#' matches 'a'
      }
      int topicEnd = levelEnd(topic, t);
      boolean plus = filterLevel == 1 && filter.charAt(f) == '+';
      if (!plus
          && (filterLevel != topicEnd - t || !filter.regionMatches(f, topic, t, filterLevel))) {
        return false;
      }
      boolean filterDone = filterEnd == filter.length();
      boolean topicDone = topicEnd == topic.length();
      if (filterDone || topicDone) {
        // Both end here, or the topic ends and only '/#' is left of the filter.
        return filterDone
            ? topicDone
            : filter.length() == filterEnd + 2 && filter.charAt(filterEnd + 1) == '#';
      }
      f = filterEnd + 1;
      t = topicEnd + 1;
    }
  }

  /**
   * Whether some topic matches both filters (shared-subscription prefixes already removed): level
   * by level, {@code #} matches the rest (the parent level too) and {@code +} any one level.
   */
  static boolean overlap(String first, String second) {
    String[] a = first.split("/", -1);
    String[] b = second.split("/", -1);
    for (int i = 0; ; i++) {
      boolean aEnds = i == a.length;
      boolean bEnds = i == b.length;
      if (aEnds || bEnds) {
        // 'x/#' also matches 'x'
        return (aEnds && bEnds)
            || (aEnds && b[i].equals("#") && i + 1 == b.length)
            || (bEnds && a[i].equals("#") && i + 1 == a.length);
      }
      if (a[i].equals("#") || b[i].equals("#")) {
        return true;
      }
      if (!a[i].equals(b[i]) && !a[i].equals("+") && !b[i].equals("+")) {
        return false;
      }
    }
  }

  private static int levelEnd(String name, int start) {
    int slash = name.indexOf('/', start);
    return slash < 0 ? name.length() : slash;
  }

  private static void checkString(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty.");
    }
    checkUtf8(what, value);
  }

  /**
   * Accepts a string MQTT can carry (a user property, a content type): valid UTF-8 without U+0000,
   * at most 65,535 bytes. Empty is allowed.
   */
  public static void checkUtf8(String what, String value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null.");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\u0000') {
        throw new IllegalArgumentException(
            what + " '" + printable(value) + "' contains U+0000, which MQTT forbids.");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what
                + " '"
                + printable(value)
                + "' contains an unpaired surrogate at index "
                + i
                + ", which is not valid UTF-8.");
      }
    }
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_UTF8_BYTES) {
      throw new IllegalArgumentException(
          what
              + " is "
              + bytes
              + " bytes long in UTF-8; MQTT allows at most "
              + MAX_UTF8_BYTES
              + ".");
    }
  }

  private static String printable(String value) {
    StringBuilder out = new StringBuilder();
    value
        .codePoints()
        .limit(80)
        .forEach(
            cp -> {
              if (cp < 0x20 || Character.isSurrogate((char) cp)) {
                out.append(String.format("\\u%04X", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }
}
