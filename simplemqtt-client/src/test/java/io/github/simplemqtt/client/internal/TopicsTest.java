package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "a/b", "/a", "a/", "sensors/temp", "ü/日本", "$SYS/x", " "})
  void acceptsConcreteTopics(String topic) {
    assertThatCode(() -> Topics.checkTopicName(topic)).doesNotThrowAnyException();
  }

  @Test
  void refusesWildcardsInTopicsWithAReason() {
    assertThatThrownBy(() -> Topics.checkTopicName("a/+/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a/+/b'")
        .hasMessageContaining("wildcard '+'")
        .hasMessageContaining("only for subscribing");
    assertThatThrownBy(() -> Topics.checkTopicName("a/#")).hasMessageContaining("wildcard '#'");
  }

  @Test
  void refusesEmptyNulAndBrokenUtf16() {
    assertThatThrownBy(() -> Topics.checkTopicName("")).hasMessage("Topic must not be empty.");
    assertThatThrownBy(() -> Topics.checkTopicName(null)).hasMessage("Topic must not be empty.");
    assertThatThrownBy(() -> Topics.checkTopicName("a\u0000b"))
        .hasMessageContaining("U+0000")
        .hasMessageContaining("a\\u0000b");
    assertThatThrownBy(() -> Topics.checkTopicName("a\uD800b"))
        .hasMessageContaining("unpaired surrogate at index 1");
    assertThatCode(() -> Topics.checkTopicName("emoji/\uD83D\uDE00")).doesNotThrowAnyException();
  }

  @Test
  void refusesTopicsLongerThanMqttCanEncode() {
    String longTopic = "é".repeat(40_000); // 80,000 bytes in UTF-8
    assertThatThrownBy(() -> Topics.checkTopicName(longTopic))
        .hasMessageContaining("80000 bytes")
        .hasMessageContaining("at most 65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"#", "+", "a/#", "a/+/b", "+/+", "/#", "a//b", "+/b/#"})
  void acceptsValidFilters(String filter) {
    assertThatCode(() -> Topics.checkFilter(filter)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({"a/#/b,'#'", "a#,'#'", "a/b#,'#'", "a+/b,'+'", "a/+b,'+'", "++,'+'"})
  void refusesMisplacedWildcards(String filter, String wildcard) {
    assertThatThrownBy(() -> Topics.checkFilter(filter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + filter + "' is invalid")
        .hasMessageContaining(wildcard);
  }

  @Test
  void checksQos() {
    assertThatCode(() -> Topics.checkQos(2)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Topics.checkQos(3)).hasMessage("QoS must be 0, 1 or 2, not 3.");
    assertThatThrownBy(() -> Topics.checkQos(-1)).hasMessageContaining("not -1");
  }

  @ParameterizedTest
  @CsvSource({
    "a/b, a/b, true",
    "a/b, a/c, false",
    "a/+, a/b, true",
    "a/+, a/b/c, false",
    "a/+, a, false",
    "a/#, a, true",
    "a/#, a/b/c, true",
    "#, a/b, true",
    "+/b, a/b, true",
    "+/+, /b, true",
    "+, /b, false",
    "a/+/c, a//c, true",
    "#, $SYS/uptime, false",
    "+/uptime, $SYS/uptime, false",
    "$SYS/#, $SYS/uptime, true",
    "sensors/#, sensors, true",
    "a/b, a/b/, false"
  })
  void matchesLikeMqtt(String filter, String topic, boolean expected) {
    assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
  }

  /**
   * The level-split definition of matching, kept as the reference the fast matcher must agree with.
   */
  private static boolean matchesBySplitting(String filter, String topic) {
    if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
      return false;
    }
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
  }

  @Test
  void agreesWithTheLevelSplitDefinitionOnManyGeneratedPairs() {
    Random random = new Random(42);
    String[] topicLevels = {"a", "b", "", "ab", "$s"};
    String[] filterLevels = {"a", "b", "", "ab", "+", "$s"};
    int matched = 0;
    for (int i = 0; i < 50_000; i++) {
      StringBuilder topic = new StringBuilder(topicLevels[random.nextInt(topicLevels.length)]);
      for (int level = random.nextInt(4); level > 0; level--) {
        topic.append('/').append(topicLevels[random.nextInt(topicLevels.length)]);
      }
      StringBuilder filter = new StringBuilder(filterLevels[random.nextInt(filterLevels.length)]);
      for (int level = random.nextInt(4); level > 0; level--) {
        filter.append('/').append(filterLevels[random.nextInt(filterLevels.length)]);
      }
      if (random.nextInt(4) == 0) {
        filter.append("/#");
      }
      String f = random.nextInt(20) == 0 ? "#" : filter.toString();
      String t = topic.toString();
      if (t.isEmpty()) {
        continue;
      }
      boolean expected = matchesBySplitting(f, t);
      assertThat(Topics.matches(f, t)).as("'%s' against '%s'", f, t).isEqualTo(expected);
      matched += expected ? 1 : 0;
    }
    assertThat(matched)
        .as("pairs that match, so both outcomes are covered")
        .isBetween(1000, 49_000);
  }

  @ParameterizedTest
  @CsvSource({
    "$share/group/sensors/#, sensors/#",
    "$share/g/+, +",
    "$share/g/a/b, a/b",
    "sensors/#, sensors/#",
    "$SYS/#, $SYS/#"
  })
  void sharedSubscriptionsMatchTheFilterAfterTheirGroup(String filter, String topicFilter) {
    assertThatCode(() -> Topics.checkFilter(filter)).doesNotThrowAnyException();
    assertThat(Topics.unshared(filter)).isEqualTo(topicFilter);
  }

  @ParameterizedTest
  @ValueSource(strings = {"$share/group", "$share//a", "$share/group/", "$share/g+/a", "$share/#"})
  void refusesSharedSubscriptionsWithoutAGroupOrFilter(String filter) {
    assertThatThrownBy(() -> Topics.checkFilter(filter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + filter + "'")
        .hasMessageContaining("'$share/group/sensors/#'");
  }

  @ParameterizedTest
  @CsvSource({
    "'#', #",
    "'+', +",
    "'+/status', +",
    "'#/x', #",
    "'#/+', #",
    "'a/+/#', +",
    "'a/#/+', #"
  })
  void aWildcardAnywhereInAPublishTopicIsRefusedAndTheFirstIsNamed(String topic, String wildcard) {
    assertThatThrownBy(() -> Topics.checkTopicName(topic))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Topic '"
                + topic
                + "' contains the wildcard '"
                + wildcard
                + "'; wildcards are only for subscribing, so publish to a concrete topic.");
  }

  @Test
  void refusesEmptyNulAndBrokenUtf16SubscribeFilters() {
    assertThatThrownBy(() -> Topics.checkFilter(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Topic filter must not be empty.");
    assertThatThrownBy(() -> Topics.checkFilter(null))
        .hasMessage("Topic filter must not be empty.");
    assertThatThrownBy(() -> Topics.checkFilter("a/\u0000/#"))
        .hasMessage("Topic filter 'a/\\u0000/#' contains U+0000, which MQTT forbids.");
    assertThatThrownBy(() -> Topics.checkFilter("a/\uD800"))
        .hasMessage(
            "Topic filter 'a/\\uD800' contains an unpaired surrogate at index 2, which is not"
                + " valid UTF-8.");
    assertThatThrownBy(() -> Topics.checkFilter("\uDE00/#"))
        .hasMessageContaining("unpaired surrogate at index 0");
    assertThatCode(() -> Topics.checkFilter("\uD83D\uDE00/#")).doesNotThrowAnyException();
  }

  @Test
  void aSubscribeFilterOverMqttsLengthIsRefusedAndOneAtItIsNot() {
    String longest = "+/" + "a".repeat(Topics.MAX_UTF8_BYTES - 4) + "/#";
    assertThat(longest.getBytes(StandardCharsets.UTF_8)).hasSize(65_535);

    assertThatCode(() -> Topics.checkFilter(longest)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Topics.checkFilter("a" + longest))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Topic filter is 65536 bytes long in UTF-8; MQTT allows at most 65535.");
    assertThatCode(() -> Topics.checkTopicName("t".repeat(65_535))).doesNotThrowAnyException();
  }

  @Test
  void messagesShowControlCharactersAsEscapesAndOnlyTheStartOfALongName() {
    assertThatThrownBy(() -> Topics.checkTopicName("a \t\u0000"))
        .hasMessage("Topic 'a \\u0009\\u0000' contains U+0000, which MQTT forbids.");
    String longName = "x".repeat(200) + "\u0000";
    assertThatThrownBy(() -> Topics.checkTopicName(longName))
        .hasMessage("Topic '" + "x".repeat(80) + "' contains U+0000, which MQTT forbids.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"$share/g#/a", "$share/g/", "$share/g", "$share//#"})
  void aSharedSubscriptionNeedsAPlainGroupAndAFilter(String filter) {
    assertThatThrownBy(() -> Topics.checkFilter(filter))
        .hasMessageStartingWith("Shared subscription '" + filter + "' is invalid");
  }

  @Test
  void theFilterAfterASharedGroupIsCheckedToo() {
    assertThatThrownBy(() -> Topics.checkFilter("$share/g/a/#/b"))
        .hasMessage(
            "Topic filter 'a/#/b' is invalid: '#' must be a whole level and the last one, as in"
                + " 'a/#'.");
    assertThat(Topics.unshared("$shared/x")).isEqualTo("$shared/x");
  }

  @ParameterizedTest
  @CsvSource({
    "a/b/#, a/b, true",
    "a/b/#, a/bc, false",
    "a/b/c, a/b, false",
    "a/b, a/bc, false",
    "a/bc, a/b, false",
    "a/#, ab, false",
    "a/+/#, a/b, true",
    "+/#, $SYS, false",
    "a/b/#x, a/b, false"
  })
  void matchesAtTheEndsOfTopicAndFilter(String filter, String topic, boolean expected) {
    assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
  }

  @Test
  void filtersOverlapWhenSomeTopicMatchesBoth() {
    assertThat(Topics.overlap("a/#", "a/+")).isTrue();
    assertThat(Topics.overlap("a/+/c", "a/b/+")).isTrue();
    assertThat(Topics.overlap("a/#", "a")).isTrue(); // 'a/#' matches 'a'
    assertThat(Topics.overlap("#", "x/y")).isTrue();
    assertThat(Topics.overlap("a/b", "a/b")).isTrue();
    assertThat(Topics.overlap("a/+", "a/b/c")).isFalse();
    assertThat(Topics.overlap("a/b", "a/c")).isFalse();
    assertThat(Topics.overlap("a/+", "a")).isFalse();
    assertThat(Topics.overlap("b/#", "a/#")).isFalse();
  }
}
