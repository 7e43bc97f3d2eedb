package io.github.simplemqtt.client;

import io.github.simplemqtt.client.internal.Topics;

/**
 * One MQTT 5 user property: a name and a value, both UTF-8 text. A message may carry several, in
 * order, and a name may repeat.
 *
 * @param name the name; may be empty, not null
 * @param value the value; may be empty, not null
 */
public record UserProperty(String name, String value) {

  /** Checks that MQTT can carry both strings. */
  public UserProperty {
    Topics.checkUtf8("User property name", name);
    Topics.checkUtf8("User property value", value);
  }
}
