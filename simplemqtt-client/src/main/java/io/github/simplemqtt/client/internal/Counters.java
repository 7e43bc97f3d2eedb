package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.MqttClientException;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * What a client counts for {@link io.github.simplemqtt.client.ClientMetrics}: one array of atomic
 * counts. Eight {@code LongAdder}s cost 256 bytes per client before the first count, a fifth of
 * what this layer adds to HiveMQ's client per connection (fan-in bench), for contention that two or
 * three threads counting at most once per message never reach.
 */
public final class Counters {
  /** The counts, in the order of {@link Snapshot#counts()}. */
  enum Count {
    PUBLISHED,
    ACKNOWLEDGED,
    FAILED,
    DELIVERED,
    DROPPED_SLOW_HANDLER,
    DROPPED_AT_CLOSE,
    RECONNECTS,
    DROPPED_UNMATCHED
  }

  private static final Count[] COUNTS = Count.values();

  private final AtomicLongArray counts = new AtomicLongArray(COUNTS.length);
  volatile @Nullable MqttClientException lastDisconnectCause;

  void increment(Count count) {
    counts.incrementAndGet(count.ordinal());
  }

  void add(Count count, long delta) {
    counts.addAndGet(count.ordinal(), delta);
  }

  long get(Count count) {
    return counts.get(count.ordinal());
  }

  /** Counts how a publish future ended; {@code ended} is what complete... returned. */
  void publishEnded(boolean ended, boolean ok) {
    if (ended) {
      increment(ok ? Count.ACKNOWLEDGED : Count.FAILED);
    }
  }

  /** The counts at one moment, for {@link io.github.simplemqtt.client.ClientMetrics}. */
  public record Snapshot(
      long[] counts, String state, @Nullable MqttClientException lastDisconnectCause) {}

  Snapshot snapshot(String state) {
    long[] now = new long[COUNTS.length];
    for (int i = 0; i < now.length; i++) {
      now[i] = counts.get(i);
    }
    return new Snapshot(now, state, lastDisconnectCause);
  }
}
