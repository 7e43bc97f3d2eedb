package io.github.simplemqtt.client.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Client identifiers: generated ones are readable and, at 60 random bits, do not collide. */
public final class ClientIds {
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ClientIds() {}

  /**
   * {@code simplemqtt-} and 12 base-32 characters: 23 characters in all, the most MQTT 3.1.1
   * guarantees every broker accepts.
   */
  public static String generate() {
    StringBuilder id = new StringBuilder("simplemqtt-");
    for (int i = 0; i < 12; i++) {
      id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
    }
    return id.toString();
  }

  /** Accepts an id MQTT can carry: valid UTF-8, no U+0000, at most 65535 bytes. */
  public static void check(String clientId) {
    for (int i = 0; i < clientId.length(); i++) {
      char c = clientId.charAt(i);
      if (c == '\u0000') {
        throw new IllegalArgumentException("Client id contains U+0000, which MQTT forbids.");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < clientId.length()
          && Character.isLowSurrogate(clientId.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "Client id contains an unpaired surrogate at index "
                + i
                + ", which is not valid UTF-8.");
      }
    }
    if (clientId.getBytes(StandardCharsets.UTF_8).length > Topics.MAX_UTF8_BYTES) {
      throw new IllegalArgumentException("Client id is longer than 65535 bytes in UTF-8.");
    }
  }
}
