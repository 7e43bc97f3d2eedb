package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.Message;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tells apart the copies Mosquitto sends an MQTT 5 client that has a shared subscription ({@code
 * $share/group/...}) and other subscriptions matching the same topic. The broker sends one copy per
 * plain subscription and, only when it picks this client for the group, one more copy per shared
 * subscription; all identical, and HiveMQ's client 1.3 does not expose the subscription identifiers
 * that would tell them apart. Mosquitto writes the copies of one message one after another, so the
 * first copy goes to the plain subscriptions, the rest of theirs are dropped, and any copy after
 * those goes to the next shared subscription. Called on the network thread; not thread-safe.
 */
final class SharedCopies {
  private record Key(String topic, int payloadHash, int length) {}

  private @Nullable Key last;
  private int index;

  /**
   * Which of the matching subscriptions get this copy: all of {@code plain} for the first copy, a
   * single shared one for a copy beyond the plain ones, none for a plain duplicate.
   */
  <S> List<S> targets(Message message, List<S> plain, List<S> shared) {
    if (message.retained()) {
      return plain.isEmpty() ? shared : plain; // retained messages go to a new subscription only
    }
    int plainCopies = plain.size();
    int copy = next(message, plainCopies + shared.size());
    if (copy < plainCopies) {
      return copy == 0 ? plain : List.of();
    }
    return List.of(shared.get(copy - plainCopies));
  }

  /** This copy's place among identical messages in a row: 0 for a new message. */
  private int next(Message message, int possible) {
    byte[] payload = message.payload();
    Key key = new Key(message.topic(), Arrays.hashCode(payload), payload.length);
    if (key.equals(last) && index + 1 < possible) {
      index++;
    } else {
      last = key;
      index = 0;
    }
    return index;
  }
}
