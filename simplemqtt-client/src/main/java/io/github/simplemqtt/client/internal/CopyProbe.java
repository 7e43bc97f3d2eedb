package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.Message;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds out whether the broker sends a client one copy of a message per matching subscription or
 * one copy in all, which MQTT leaves to the broker (Mosquitto: one per subscription on MQTT 5, one
 * in all on 3.1.1; NATS: one per subscription). The copies cannot be told apart on the wire
 * (HiveMQ's client does not expose subscription identifiers), so the client asks: it subscribes to
 * {@link #plus()} and {@link #hash()}, which overlap, publishes one QoS 0 message to {@link
 * #probe()}, which both match, then one to {@link #end()}, which only {@link #hash()} matches, and
 * counts the copies of the first that arrive before the second. Its topics start with {@code $},
 * which no {@code #} or {@code +} subscription of another client matches. Thread-safe.
 */
final class CopyProbe {
  private final String base = "$simplemqtt/copies/" + UUID.randomUUID();
  private final AtomicInteger copies = new AtomicInteger();
  private final CompletableFuture<Integer> counted = new CompletableFuture<>();

  String plus() {
    return base + "/+";
  }

  String hash() {
    return base + "/#";
  }

  String probe() {
    return base + "/probe";
  }

  String end() {
    return base + "/probe/end";
  }

  /** Completes with the copies of the probe message that came before the end message. */
  CompletableFuture<Integer> counted() {
    return counted;
  }

  /** Takes the probe's own messages (true), on the network thread; leaves others (false). */
  boolean takes(Message message) {
    if (!message.topic().startsWith(base)) {
      return false;
    }
    if (message.topic().equals(end())) {
      counted.complete(copies.get());
    } else {
      copies.incrementAndGet();
    }
    return true;
  }
}
