package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.Message;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Collapses the copies Mosquitto sends an MQTT 5 client with overlapping subscriptions: one copy
 * per matching subscription, all identical but for QoS. MQTT 5 would tell them apart by
 * subscription identifier, but HiveMQ's client 1.3 does not expose those. So the first copy of a
 * message is delivered to every matching subscription and the next {@code k - 1} identical ones are
 * dropped, where {@code k} is the number of matching subscriptions.
 *
 * <p>Two identical messages in quick succession still give two deliveries: whichever copies are
 * dropped, the count comes out right. Retained messages are not collapsed, because the broker sends
 * them for one new subscription only. Called on the network thread; not thread-safe.
 */
final class CopyCollapser {
  /** Copies arrive back to back; an entry older than this is a leftover, not a pending copy. */
  static final long STALE_NANOS = 30_000_000_000L;

  /** Above this many waiting messages, the stale ones are dropped. */
  static final int MAX_PENDING = 10_000;

  private record Key(String topic, int payloadHash, int length) {}

  private static final class Pending {
    int remaining;
    final long since;

    Pending(int remaining, long since) {
      this.remaining = remaining;
      this.since = since;
    }
  }

  /** Made by the first message with several matching subscriptions: most clients have none. */
  private @Nullable Map<Key, Pending> pending;

  /**
   * Whether {@code message} is an extra copy to drop, given that {@code matching} of our
   * subscriptions match its topic.
   */
  boolean isExtraCopy(Message message, int matching, long nowNanos) {
    if (matching < 2 || message.retained()) {
      return false;
    }
    byte[] payload = message.payload();
    Key key = new Key(message.topic(), Arrays.hashCode(payload), payload.length);
    Map<Key, Pending> pending = this.pending;
    if (pending == null) {
      pending = new HashMap<>();
      this.pending = pending;
    }
    Pending entry = pending.get(key);
    if (entry != null && nowNanos - entry.since < STALE_NANOS) {
      if (--entry.remaining == 0) {
        pending.remove(key);
      }
      return true;
    }
    pending.put(key, new Pending(matching - 1, nowNanos));
    if (pending.size() > MAX_PENDING) {
      evictStale(pending, nowNanos);
    }
    return false;
  }

  /** How many messages still wait for copies; for tests of the eviction. */
  int pendingCount() {
    return pending == null ? 0 : pending.size();
  }

  private static void evictStale(Map<Key, Pending> pending, long nowNanos) {
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      if (nowNanos - it.next().since >= STALE_NANOS) {
        it.remove();
      }
    }
  }
}
