package io.github.simplemqtt.cli;

import io.github.simplemqtt.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * MQTT 5 PUBLISH properties from the command line: mosquitto_pub's {@code -D publish NAME VALUE}
 * and our {@code --property NAME VALUE}, which picocli hands over as one flat list of words per
 * option. The property name says how many values follow, so the words split up without ambiguity.
 */
final class PublishProperties {
  private PublishProperties() {}

  /**
   * Adds the properties in {@code words} to {@code properties}. With {@code command}, each starts
   * with mosquitto_pub's command word, which must be {@code publish}.
   *
   * @throws IllegalArgumentException with one sentence naming the word that is wrong
   */
  static void add(
      MessageProperties.Builder properties, List<String> words, boolean command, String option) {
    int i = 0;
    while (i < words.size()) {
      if (command) {
        String which = words.get(i++);
        if (!which.equals("publish")) {
          throw new IllegalArgumentException(
              option
                  + " "
                  + which
                  + ": only PUBLISH properties can be set here; write "
                  + option
                  + " publish NAME VALUE.");
        }
      }
      if (i >= words.size()) {
        throw new IllegalArgumentException(option + " needs a property name and a value.");
      }
      String name = words.get(i++).toLowerCase(Locale.ROOT);
      int values = name.equals("user-property") ? 2 : 1;
      if (i + values > words.size()) {
        throw new IllegalArgumentException(
            option
                + " "
                + name
                + " needs "
                + (values == 2 ? "a key and a value" : "a value")
                + ".");
      }
      String value = words.get(i);
      switch (name) {
        case "user-property" -> properties.userProperty(value, words.get(i + 1));
        case "content-type" -> properties.contentType(value);
        case "response-topic" -> properties.responseTopic(value);
        case "correlation-data" ->
            properties.correlationData(value.getBytes(StandardCharsets.UTF_8));
        case "message-expiry-interval" ->
            properties.messageExpiry(Duration.ofSeconds(seconds(option, name, value)));
        case "payload-format-indicator" -> properties.payloadUtf8(flag(option, name, value));
        case "topic-alias" ->
            throw new IllegalArgumentException(
                option + " topic-alias is not supported: the client never sends topic aliases.");
        default ->
            throw new IllegalArgumentException(
                option
                    + " "
                    + name
                    + " is not a PUBLISH property; use user-property, content-type,"
                    + " response-topic, correlation-data, message-expiry-interval or"
                    + " payload-format-indicator.");
      }
      i += values;
    }
  }

  private static long seconds(String option, String name, String value) {
    try {
      long seconds = Long.parseLong(value);
      if (seconds >= 1) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        option + " " + name + " takes whole seconds, 1 or more, not '" + value + "'.");
  }

  private static boolean flag(String option, String name, String value) {
    return switch (value) {
      case "0" -> false;
      case "1" -> true;
      default ->
          throw new IllegalArgumentException(
              option + " " + name + " takes 0 (bytes) or 1 (UTF-8 text), not '" + value + "'.");
    };
  }
}
