package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * QoS 1 and 2 messages that no subscription of this client matched yet, held without
 * acknowledgement for a short window. A resumed session's messages arrive right after the CONNACK,
 * before a program that subscribes after {@code connect()} has its handlers in place; a handler
 * subscribed within the window still gets them. What the window ends without a taker is
 * acknowledged (so that the broker's in-flight window is not used up: Mosquitto sends a client at
 * most 20 unacknowledged messages) and dropped, and counted. Thread-safe.
 */
final class Unmatched {
  /** A message held back, with the way to acknowledge it and when it arrived. */
  record Held(Message message, Runnable acknowledge, long arrivedNanos) {}

  /** Empty in most clients for all their life: made when the first message is held. */
  private @Nullable ArrayDeque<Held> held;

  private final int maxHeld;

  Unmatched(int maxHeld) {
    this.maxHeld = maxHeld;
  }

  /**
   * Holds {@code message}; returns the message pushed out to make room (to acknowledge and drop),
   * or null.
   */
  synchronized @Nullable Held hold(Message message, Runnable acknowledge, long nowNanos) {
    ArrayDeque<Held> held = this.held;
    if (held == null) {
      held = new ArrayDeque<>();
      this.held = held;
    }
    held.addLast(new Held(message, acknowledge, nowNanos));
    return held.size() > maxHeld ? held.pollFirst() : null;
  }

  /** Takes, in arrival order, the held messages {@code wanted} accepts. */
  synchronized List<Held> take(Predicate<Message> wanted) {
    List<Held> taken = new ArrayList<>();
    if (held == null) {
      return taken;
    }
    for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
      Held next = it.next();
      if (wanted.test(next.message())) {
        taken.add(next);
        it.remove();
      }
    }
    return taken;
  }

  /** Takes the messages that arrived before {@code cutoffNanos}. */
  synchronized List<Held> takeOlderThan(long cutoffNanos) {
    List<Held> old = new ArrayList<>();
    if (held == null) {
      return old;
    }
    while (!held.isEmpty() && held.peekFirst().arrivedNanos() - cutoffNanos <= 0) {
      old.add(held.pollFirst());
    }
    return old;
  }

  /** When the oldest held message arrived, or empty. */
  synchronized java.util.OptionalLong oldestNanos() {
    return held == null || held.isEmpty()
        ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(held.peekFirst().arrivedNanos());
  }

  /** Forgets everything unacknowledged: on close, the broker keeps them in the session. */
  synchronized void clear() {
    held = null;
  }
}
